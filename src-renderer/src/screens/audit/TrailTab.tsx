import { useCallback, useEffect, useRef, useState } from 'react';
import { Anchor, Button, Group, Kbd, Loader, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCalendar, IconFilterOff, IconSearch, IconUser } from '@tabler/icons-react';
import { invoke, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FILTER_ATTRIBUTE } from '../../hooks/useGlobalShortcuts';
import { auditListInput, EMPTY_FILTERS, filtersActive, hasMore as pageMayContinue, nextBeforeSeq, type AuditFilters } from '../../lib/audit-query';
import { formatCount } from '../../lib/format';
import { AuditTable, type AuditEntry } from './AuditTable';
import { AuditEntryDrawer } from './AuditEntryDrawer';

interface Loaded {
  readonly entries: readonly AuditEntry[];
  readonly total: number;
  readonly hasMore: boolean;
}

const NOTHING: Loaded = { entries: [], total: 0, hasMore: false };

/** The trail itself: filters, the virtualised table paged by keyset, and an entry's detail. */
export function TrailTab({ revision, onRefresh }: { revision: number; onRefresh: () => void }) {
  const [filters, setFilters] = useState<AuditFilters>(EMPTY_FILTERS);
  // Typing in a text filter waits for a pause; buttons and dates apply at once.
  const [debounced] = useDebouncedValue(filters, 250);
  const [loaded, setLoaded] = useState<Loaded>(NOTHING);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<WireError | undefined>();
  const [selected, setSelected] = useState<AuditEntry | null>(null);

  // A page that answers after the filters changed belongs to an old query and is dropped.
  const generation = useRef(0);
  const inFlight = useRef(false);
  const loadedRef = useRef<Loaded>(NOTHING);

  const load = useCallback(
    async (mode: 'reset' | 'more') => {
      if (mode === 'more' && (inFlight.current || !loadedRef.current.hasMore)) return;
      const gen = mode === 'reset' ? ++generation.current : generation.current;
      inFlight.current = true;
      setLoading(true);
      const before = mode === 'more' ? nextBeforeSeq(loadedRef.current.entries) : undefined;
      const result = await invoke('audit.list', auditListInput(debounced, before));
      if (gen !== generation.current) return;
      inFlight.current = false;
      setLoading(false);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(undefined);
      const entries = mode === 'reset' ? result.value.entries : [...loadedRef.current.entries, ...result.value.entries];
      const next: Loaded = { entries, total: result.value.total, hasMore: pageMayContinue(entries.length, result.value.total, result.value.entries.length) };
      loadedRef.current = next;
      setLoaded(next);
    },
    [debounced],
  );

  useEffect(() => {
    void load('reset');
  }, [load, revision]);

  const loadMore = useCallback(() => void load('more'), [load]);
  const update = (patch: Partial<AuditFilters>): void => setFilters((f) => ({ ...f, ...patch }));
  const active = filtersActive(filters);
  // Everything older is loaded, yet the total is higher: entries written since the first page
  // (including this screen's own audit.list calls, which are audited like any command).
  const newer = !loaded.hasMore && !loading ? Math.max(0, loaded.total - loaded.entries.length) : 0;

  return (
    <Stack gap="md" h="100%" style={{ minHeight: 0 }}>
      <Group gap="sm" align="flex-end" wrap="wrap" data-testid="audit-filters">
        <TextInput
          label="Command"
          placeholder="Prefix, e.g. session."
          leftSection={<IconSearch size={15} />}
          rightSection={<Kbd size="xs">/</Kbd>}
          w={230}
          value={filters.command}
          onChange={(e) => update({ command: e.currentTarget.value })}
          spellCheck={false}
          {...{ [FILTER_ATTRIBUTE]: '' }}
        />
        <TextInput
          label="Operator"
          placeholder="Exact username"
          leftSection={<IconUser size={15} />}
          w={190}
          value={filters.operator}
          onChange={(e) => update({ operator: e.currentTarget.value })}
          spellCheck={false}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Outcome
          </Text>
          <SegmentedControl
            size="sm"
            value={filters.outcome}
            onChange={(value) => update({ outcome: value })}
            data={[
              { value: 'all', label: 'All' },
              { value: 'ok', label: 'OK' },
              { value: 'refused', label: 'Refused' },
              { value: 'error', label: 'Error' },
            ]}
            data-testid="outcome-filter"
          />
        </Stack>
        <DatePickerInput
          type="range"
          label="Date range (UTC)"
          placeholder="Any date"
          leftSection={<IconCalendar size={15} />}
          w={260}
          clearable
          allowSingleDateInRange
          valueFormat="YYYY-MM-DD"
          value={[filters.fromDay, filters.toDay]}
          onChange={([from, to]) => update({ fromDay: from, toDay: to })}
        />
        <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={15} />} disabled={!active} onClick={() => setFilters(EMPTY_FILTERS)}>
          Clear filters
        </Button>
      </Group>

      <ErrorAlert message={error?.message} title="Could not load the audit trail" />

      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <Text size="sm" c="dimmed" data-testid="audit-count">
            {loaded.total === 0 && !loading
              ? active
                ? 'No entries match these filters.'
                : 'The trail is empty.'
              : `Showing ${formatCount(loaded.entries.length)} of ${formatCount(loaded.total)} ${active ? 'matching ' : ''}${loaded.total === 1 ? 'entry' : 'entries'}`}
          </Text>
          {newer > 0 && (
            <Anchor component="button" size="sm" onClick={onRefresh} data-testid="audit-newer">
              {formatCount(newer)} newer since this view was loaded: refresh
            </Anchor>
          )}
        </Group>
        {loading && <Loader size="xs" />}
      </Group>
      <AuditTable entries={loaded.entries} hasMore={loaded.hasMore} loading={loading} selectedSeq={selected?.seq ?? null} onSelect={setSelected} onLoadMore={loadMore} />
      <AuditEntryDrawer entry={selected} onClose={() => setSelected(null)} />
    </Stack>
  );
}
