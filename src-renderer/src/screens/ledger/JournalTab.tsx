import { useMemo } from 'react';
import { Button, Group, Select, Stack } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconCalendar, IconFilterOff } from '@tabler/icons-react';
import { FILTER_ATTRIBUTE } from '../../hooks/useGlobalShortcuts';
import { AccountPicker } from './AccountPicker';
import { JournalList } from './JournalList';
import { useLedger } from './ledger-context';
import { ENTRY_TYPE_LABELS, isEntryType, type EntryType } from './ledger-format';
import { journalFiltersActive, NO_JOURNAL_FILTERS, type JournalFilters } from './ledger-query';

const TYPE_OPTIONS = (Object.keys(ENTRY_TYPE_LABELS) as EntryType[]).map((t) => ({ value: t, label: ENTRY_TYPE_LABELS[t] }));

export function JournalTab({ filters, onFilters, selectedEntryId }: { filters: JournalFilters; onFilters: (f: JournalFilters) => void; selectedEntryId: string | null }) {
  const { assets } = useLedger();
  const update = (patch: Partial<JournalFilters>): void => onFilters({ ...filters, ...patch });
  const assetOptions = useMemo(() => [...assets.values()].map((a) => ({ value: a.id, label: `${a.id} — ${a.name}` })), [assets]);

  return (
    <Stack gap="sm" h="100%" style={{ minHeight: 0 }}>
      <Group gap="sm" align="flex-end" wrap="wrap" data-testid="journal-filters">
        {/* `/` focuses the type filter: the one people reach for first in the journal. */}
        <Select
          label="Type"
          placeholder="All types"
          data={TYPE_OPTIONS}
          value={filters.type}
          onChange={(v) => update({ type: v !== null && isEntryType(v) ? v : null })}
          clearable
          searchable
          selectFirstOptionOnChange
          w={200}
          data-testid="journal-type"
          {...{ [FILTER_ATTRIBUTE]: '' }}
        />
        <AccountPicker value={filters.account} onChange={(account) => update({ account })} />
        <Select label="Asset" placeholder="All assets" data={assetOptions} value={filters.assetId} onChange={(v) => update({ assetId: v })} clearable w={180} data-testid="journal-asset" />
        <DatePickerInput
          type="range"
          label="Posted (UTC days)"
          placeholder="Any date"
          leftSection={<IconCalendar size={15} />}
          w={250}
          clearable
          allowSingleDateInRange
          valueFormat="YYYY-MM-DD"
          value={[filters.fromDay, filters.toDay]}
          onChange={([from, to]) => update({ fromDay: from, toDay: to })}
          data-testid="journal-dates"
        />
        <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={15} />} disabled={!journalFiltersActive(filters)} onClick={() => onFilters(NO_JOURNAL_FILTERS)}>
          Clear filters
        </Button>
      </Group>
      <JournalList filters={filters} selectedEntryId={selectedEntryId} />
    </Stack>
  );
}
