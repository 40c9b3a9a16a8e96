import { useMemo, useState, type KeyboardEvent } from 'react';
import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconCalendar, IconCurrencyBitcoin, IconEraser, IconHash, IconInfoCircle, IconSearch, IconUser } from '@tabler/icons-react';
import { invoke, type CommandInput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FILTER_ATTRIBUTE } from '../../hooks/useGlobalShortcuts';
import { fieldErrors } from '../../lib/errors';
import { formatCount, formatUtc } from '../../lib/format';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { formatBytes } from '../../lib/bytes';
import { LegalHoldBadge, RecordTypeBadge, type RecordView } from './RecordBadges';
import { RecordDrawer, type RecordRef } from './RecordDrawer';
import { EMPTY_SEARCH, SEARCH_LIMIT, searchInput, searchSummary, type SearchField, type SearchForm } from './search-query';

interface Found {
  readonly input: CommandInput<'vault.search'>;
  readonly records: readonly RecordView[];
}

const COLUMNS: readonly Column<RecordView>[] = [
  { key: 'created', header: 'Created (UTC)', width: '156px', render: (r) => <span className="mono">{formatUtc(r.createdAt)}</span> },
  { key: 'type', header: 'Type', width: '150px', render: (r) => <RecordTypeBadge type={r.type} /> },
  { key: 'title', header: 'Title', width: 'minmax(240px, 2fr)', render: (r) => r.title, title: (r) => r.title },
  {
    key: 'subject',
    header: 'Subject',
    width: 'minmax(150px, 0.8fr)',
    render: (r) => (
      <span>
        <Text span size="xs" c="dimmed">
          {r.subjectType}{' '}
        </Text>
        <span className="mono">{r.subjectId}</span>
      </span>
    ),
  },
  { key: 'size', header: 'Size', width: '90px', align: 'right', render: (r) => <span className="mono">{formatBytes(r.size)}</span> },
  {
    key: 'retention',
    header: 'Retained until',
    width: '140px',
    render: (r) => <span className="mono">{r.shreddedAt ? 'shredded' : r.retentionUntil ? r.retentionUntil.slice(0, 10) : `end + ${r.retentionYears} y`}</span>,
    title: (r) => (r.retentionUntil || r.shreddedAt ? undefined : `${r.retentionYears} years after the customer relationship ends (it has not ended)`),
  },
  { key: 'hold', header: 'Hold', width: '110px', render: (r) => (r.legalHold ? <LegalHoldBadge reason={r.legalHoldReason} size="xs" /> : null) },
];

/**
 * The auditors' and regulators' search (314(a)-style requests): by person name, wallet address,
 * transaction hash and date range, with a mandatory purpose. Every record found is logged against
 * the searcher; reading one's content is a second, separately logged step.
 */
export function SearchTab() {
  const [form, setForm] = useState<SearchForm>(EMPTY_SEARCH);
  const [errors, setErrors] = useState<Readonly<Partial<Record<SearchField, string>>>>({});
  const [searching, setSearching] = useState(false);
  const [found, setFound] = useState<Found | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [open, setOpen] = useState<RecordRef | null>(null);

  const update = (patch: Partial<SearchForm>): void => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch)) delete next[key === 'fromDay' || key === 'toDay' ? 'period' : (key as SearchField)];
      return next;
    });
  };

  const search = async (): Promise<void> => {
    const check = searchInput(form);
    if (!check.ok) {
      setErrors(check.errors);
      return;
    }
    setErrors({});
    setSearching(true);
    const result = await invoke('vault.search', check.input);
    setSearching(false);
    if (!result.ok) {
      const byField = fieldErrors(result.error);
      setErrors({ name: byField.name, address: byField.address, txHash: byField.txHash, purpose: byField.purpose });
      setError(result.error);
      return;
    }
    setError(undefined);
    setFound({ input: check.input, records: result.value.records });
  };

  const onEnter = (e: KeyboardEvent): void => {
    if (e.key === 'Enter') void search();
  };
  const rows = useMemo(() => found?.records ?? [], [found]);

  return (
    <Stack gap="sm" h="100%" style={{ minHeight: 0 }}>
      <Group gap="sm" align="flex-start" wrap="wrap" data-testid="search-form">
        <TextInput
          label="Person name"
          placeholder="Any order, accents optional"
          leftSection={<IconUser size={15} />}
          w={230}
          value={form.name}
          onChange={(e) => update({ name: e.currentTarget.value })}
          onKeyDown={onEnter}
          error={errors.name}
          data-testid="search-name"
          {...{ [FILTER_ATTRIBUTE]: '' }}
        />
        <TextInput
          label="Wallet address"
          placeholder="bc1…, 0x…"
          leftSection={<IconCurrencyBitcoin size={15} />}
          w={250}
          value={form.address}
          onChange={(e) => update({ address: e.currentTarget.value })}
          onKeyDown={onEnter}
          error={errors.address}
          spellCheck={false}
          data-testid="search-address"
        />
        <TextInput
          label="Transaction hash"
          placeholder="txid or 0x…"
          leftSection={<IconHash size={15} />}
          w={250}
          value={form.txHash}
          onChange={(e) => update({ txHash: e.currentTarget.value })}
          onKeyDown={onEnter}
          error={errors.txHash}
          spellCheck={false}
          data-testid="search-txhash"
        />
        <DatePickerInput
          type="range"
          label="Created (UTC days)"
          placeholder="Any date"
          leftSection={<IconCalendar size={15} />}
          w={250}
          clearable
          allowSingleDateInRange
          valueFormat="YYYY-MM-DD"
          value={[form.fromDay, form.toDay]}
          onChange={([fromDay, toDay]) => update({ fromDay, toDay })}
          error={errors.period}
          data-testid="search-period"
        />
      </Group>
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <TextInput
          label="Purpose (required)"
          description="Logged with your name against every record found, e.g. the request's reference."
          placeholder="e.g. FinCEN 314(a) request 2026-0117, subject list item 4"
          style={{ flex: 1, maxWidth: 740 }}
          value={form.purpose}
          onChange={(e) => update({ purpose: e.currentTarget.value })}
          onKeyDown={onEnter}
          error={errors.purpose}
          withAsterisk
          data-testid="search-purpose"
        />
        <Group gap="xs" mt={42}>
          <Button leftSection={<IconSearch size={16} />} loading={searching} onClick={() => void search()} data-testid="search-submit">
            Search
          </Button>
          <Button
            variant="subtle"
            color="gray"
            leftSection={<IconEraser size={15} />}
            onClick={() => {
              setForm(EMPTY_SEARCH);
              setErrors({});
              setFound(undefined);
              setError(undefined);
            }}
          >
            Clear
          </Button>
        </Group>
      </Group>

      {error && !Object.values(fieldErrors(error)).length && <ErrorAlert message={error.message} title="The search did not run" />}

      {found ? (
        <>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed" data-testid="search-count">
              {found.records.length === 0
                ? `No records match ${searchSummary(found.input)}.`
                : `${formatCount(found.records.length)} ${found.records.length === 1 ? 'record' : 'records'} for ${searchSummary(found.input)}${found.records.length >= SEARCH_LIMIT ? ` (the first ${SEARCH_LIMIT}: narrow the search)` : ''}.`}
            </Text>
            {found.records.length > 0 && (
              <Text size="xs" c="dimmed">
                Each was logged as found by you for “{found.input.purpose}”.
              </Text>
            )}
          </Group>
          <VirtualTable
            rows={rows}
            columns={COLUMNS}
            rowKey={(r) => r.id}
            rowData={(r) => ({ 'data-record-id': r.id, 'data-type': r.type })}
            onRowClick={(r) => setOpen({ id: r.id, title: r.title, type: r.type, createdAt: r.createdAt, view: r })}
            selectedKey={open?.id ?? null}
            hasMore={false}
            loading={searching}
            onLoadMore={() => undefined}
            ariaLabel="Records found"
            testId="search-results"
            rowTestId="search-row"
            empty="No records match. Names match whole words in any order; addresses and hashes match exactly (case and 0x do not matter)."
          />
        </>
      ) : (
        <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />} maw={900}>
          Names match whole words in any order, without regard to case or accents; wallet addresses and transaction hashes match exactly (case and a leading 0x do not matter). SAR records appear only
          to compliance staff. Opening a record shows its metadata; reading its content is logged separately, with its own purpose.
        </Alert>
      )}
      <RecordDrawer target={open} defaultPurpose={found?.input.purpose ?? ''} onClose={() => setOpen(null)} />
    </Stack>
  );
}
