import { useCallback, useEffect, useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Checkbox, Group, Loader, NavLink, Paper, ScrollArea, SegmentedControl, Select, Stack, Tabs, Text, TextInput, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowDown, IconArrowUp, IconFilterOff, IconPlayerTrackNext, IconRefresh, IconSearch } from '@tabler/icons-react';
import { useNavigate } from 'react-router-dom';
import { invoke, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { ShortcutHints } from '../../components/ShortcutHints';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { FILTER_ATTRIBUTE } from '../../hooks/useGlobalShortcuts';
import { useScreenShortcuts } from '../../hooks/useScreenShortcuts';
import { formatUtc } from '../../lib/format';
import { useSession } from '../../stores/session.store';
import { formatUsdCents, stepSelection } from '../withdrawals/withdrawal-format';
import { RulesPanel } from '../rules/RulesPanel';
import { SuppressionsPanel } from './SuppressionsPanel';
import { AlertStateBadge, LevelBadge } from './AlertBadges';
import { CloseAlertsModal, OpenCaseModal } from './AlertActionModals';
import { AlertDrawer } from './AlertDrawer';
import { ALERT_LEVELS, alertFilterOf, alertSortOf, failedRunsText, isFiltered, keepSelected, LEVEL_LABELS, positionsText, queueCountText, rowsInView, SORT_KEYS, SORT_LABELS, toggle, type StateFilter } from './alert-format';
import { ALERT_WORKERS, CASE_WORKERS, holdsAny } from './alert-roles';
import { useAlertGroups, useAlertQueue, type AlertRow } from './useAlertQueue';
import { useAssetDecimals } from './useAssetDecimals';
import { useUrlParams } from '../../hooks/useUrlParams';

/** The sparse queue fetches by the visible window, never "more at the end". */
const noMore = (): void => undefined;

/** `compact` (beside the group list): the direction and assignee columns give way so the amounts stay in view. */
function columns(selected: ReadonlySet<number>, onToggle: (id: number) => void, me: string | undefined, selectable: boolean, compact: boolean): Column<AlertRow>[] {
  const cols: Column<AlertRow>[] = [];
  if (selectable) {
    cols.push({
      key: 'select',
      header: '',
      width: '36px',
      render: (a) => (
        <Checkbox
          size="xs"
          checked={selected.has(a.id)}
          onChange={() => onToggle(a.id)}
          onClick={(e) => e.stopPropagation()}
          onKeyDown={(e) => e.stopPropagation()}
          aria-label={`Select alert ${a.id}`}
          data-testid="alert-select"
        />
      ),
    });
  }
  cols.push(
    { key: 'id', header: 'Alert', width: '64px', render: (a) => <span className="mono">#{a.id}</span> },
    { key: 'raised', header: 'Raised (UTC)', width: '160px', render: (a) => <span className="mono">{formatUtc(a.raisedAt)}</span> },
    { key: 'level', header: 'Level', width: '84px', render: (a) => <LevelBadge level={a.level} /> },
    {
      key: 'rule',
      header: 'Rule',
      width: compact ? 'minmax(160px, 1.3fr)' : 'minmax(190px, 1.3fr)',
      render: (a) => (
        <Text span size="sm" fw={500}>
          {a.ruleTitle}{' '}
          <Text span size="xs" c="dimmed" className="mono">
            v{a.ruleVersion}
          </Text>
        </Text>
      ),
      title: (a) => `${a.ruleTitle} (${a.ruleId}, rule set v${a.ruleVersion})`,
    },
    {
      key: 'customer',
      header: 'Customer',
      width: compact ? 'minmax(130px, 1fr)' : 'minmax(160px, 1fr)',
      render: (a) => (
        <Text span size="sm">
          <span className="mono">{a.customerId}</span>
          {a.customerName && (
            <Text span size="sm" c="dimmed">
              {' '}
              {a.customerName}
            </Text>
          )}
        </Text>
      ),
      title: (a) => a.customerName ?? a.customerId,
    },
    ...(compact ? [] : [{ key: 'direction', header: 'Tx', width: '48px', render: (a: AlertRow) => (a.direction === 'deposit' ? 'In' : 'Out'), title: (a: AlertRow) => `${a.direction} ${a.txRef}` }]),
    { key: 'usd', header: 'USD value', width: '116px', align: 'right', render: (a) => <span className="mono">{formatUsdCents(a.usdCents)}</span> },
    ...(compact
      ? []
      : [
        {
          key: 'assignee',
          header: 'Assignee',
          width: '92px',
          render: (a: AlertRow) =>
            a.assignee === null ? (
              <Text span size="sm" c="dimmed">
                —
              </Text>
            ) : a.assignee === me ? (
              <Badge size="sm" variant="light" tt="none">
                You
              </Badge>
            ) : (
              <Text span size="xs" className="mono" title={a.assignee}>
                {a.assignee.slice(0, 10)}…
              </Text>
            ),
        },
        ]),
    { key: 'state', header: 'State', width: '112px', render: (a) => <AlertStateBadge state={a.state} outcome={a.outcome} /> },
  );
  return cols;
}

/**
 * Alerts: the monitoring queue, paged from the core (filter, sort and counts over every alert),
 * grouped by rule or customer in a side list, with bulk assign / close / open case, "next
 * unassigned", and an alert's detail in a drawer. The Rules tab holds the rule-set versions,
 * the draft editor, approval and backtests. Where the operator is lives in the URL's query.
 */
export function AlertsScreen() {
  const [params, update] = useUrlParams();
  const navigate = useNavigate();
  const me = useSession((s) => s.operator);
  const canWork = me ? holdsAny(me.roles, ALERT_WORKERS) : false;
  const canCase = me ? holdsAny(me.roles, CASE_WORKERS) : false;
  const tab = params.get('tab') === 'rules' ? 'rules' : params.get('tab') === 'suppressions' ? 'suppressions' : 'queue';
  const filter = useMemo(() => alertFilterOf(params), [params]);
  const sort = useMemo(() => alertSortOf(params), [params]);
  const groupBy = params.get('group') === 'rule' ? 'rule' : params.get('group') === 'customer' ? 'customer' : null;
  const openParam = params.get('id');
  const openId = openParam && /^\d+$/.test(openParam) ? Number(openParam) : null;
  const [revision, setRevision] = useState(0);
  const queue = useAlertQueue(filter, sort, revision);
  const groups = useAlertGroups(groupBy, filter, revision);
  const decimals = useAssetDecimals();
  const [cursor, setCursor] = useState<number | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [modal, setModal] = useState<'close' | 'case' | null>(null);
  const [actionError, setActionError] = useState<WireError | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const [search, setSearch] = useState(filter.q ?? '');
  // The rows in view (0-based, inclusive), as the table measured them: the count line and "select in view" use them.
  const [view, setView] = useState<{ readonly first: number; readonly last: number } | undefined>();
  const onView = useCallback((first: number, last: number) => setView((v) => (v && v.first === first && v.last === last ? v : { first, last })), []);
  const failureAt = useCallback(
    (index: number) => {
      const f = queue.failureAt(index);
      return f ? { key: f.page, first: f.first, last: f.last, message: f.failure.message } : undefined;
    },
    [queue.failureAt],
  );

  const bump = useCallback(() => setRevision((r) => r + 1), []);

  // The search box updates the URL a moment after typing stops, not on every key.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      const q = search.trim();
      if ((filter.q ?? '') !== q) update({ q: q === '' ? null : q });
    }, 250);
    return () => window.clearTimeout(timer);
  }, [search, filter.q, update]);

  // A selection only holds rows still in the queue (a refresh or filter may drop them).
  useEffect(() => setSelected((s) => (s.size === 0 ? s : keepSelected(s, queue.rows))), [queue.rows]);

  const ids = useMemo(() => queue.rows.map((r) => r.id), [queue.rows]);
  const current = openId ?? cursor;
  const open = useCallback(
    (id: number | null) => {
      if (id !== null) setCursor(id);
      update({ id: id === null ? null : String(id) });
    },
    [update],
  );
  // j/k step through the whole queue by position (the next row may sit in a page not loaded yet: it loads, the key waits).
  const move = (step: 1 | -1): void => {
    const at = current === null ? -1 : queue.indexOf(current);
    const next = at < 0 ? stepSelection(ids.map(String), current === null ? null : String(current), step) : (queue.rowAt(at + step)?.id.toString() ?? null);
    if (next === null) return;
    setCursor(Number(next));
    if (openId !== null) update({ id: next });
  };
  const takeNext = async (): Promise<void> => {
    const result = await invoke('monitoring.alerts.next', {});
    if (!result.ok) {
      setActionError(result.error);
      return;
    }
    if (!result.value.alert) {
      setNotice('No unassigned open alert is waiting.');
      return;
    }
    setNotice(`Alert #${result.value.alert.id} is yours now.`);
    bump();
    open(result.value.alert.id);
  };
  const toggleOne = useCallback((id: number) => setSelected((s) => toggle(s, id)), []);

  useScreenShortcuts({
    nextRow: () => move(1),
    previousRow: () => move(-1),
    openRow: () => open(cursor ?? ids[0] ?? null),
    ...(canWork ? { nextUnassigned: () => void takeNext(), toggleSelect: () => (current !== null ? toggleOne(current) : undefined) } : {}),
  });

  const assignSelected = async (): Promise<void> => {
    if (!me) return;
    const result = await invoke('monitoring.alerts.assign', { ids: [...selected], assignee: me.id });
    if (!result.ok) setActionError(result.error);
    else {
      setNotice(`${result.value.updated} alert${result.value.updated === 1 ? '' : 's'} assigned to you.`);
      bump();
    }
  };

  const cols = useMemo(() => columns(selected, toggleOne, me?.id, canWork, groupBy !== null), [selected, toggleOne, me?.id, canWork, groupBy]);
  const filtered = isFiltered(filter);
  const counts = queue.counts;
  const stateCount = (s: StateFilter): number | undefined => (counts ? (s === 'all' ? counts.open + counts.closed + counts.suppressed : counts[s]) : undefined);
  // "Select in view" takes the loaded rows the operator can see, never pages scrolled past.
  const inView = rowsInView(queue.rowAt, view);
  const allInViewSelected = inView.length > 0 && inView.every((r) => selected.has(r.id));
  const toggleInView = (): void =>
    setSelected((s) => {
      const next = new Set(s);
      for (const r of inView) if (allInViewSelected) next.delete(r.id);
      else next.add(r.id);
      return next;
    });
  const selectedWhere = positionsText([...selected].map((id) => queue.indexOf(id)));
  const failedRows = queue.failedPages.reduce((n, f) => n + (f.last - f.first + 1), 0);
  const selectedRows = queue.rows.filter((r) => selected.has(r.id));

  return (
    <Stack gap={0} h="100%" style={{ minHeight: 0 }} data-testid="alerts-screen">
      <PageHeader
        title="Alerts"
        description="Transaction-monitoring alerts, each with the rule version and the values that raised it. Times are UTC."
        actions={
          <>
            {canWork && tab === 'queue' && (
              <Tooltip label="Assigns you the oldest alert of the highest level that nobody has taken (n)">
                <Button leftSection={<IconPlayerTrackNext size={16} />} onClick={() => void takeNext()} data-testid="alerts-next">
                  Next unassigned
                </Button>
              </Tooltip>
            )}
            <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={bump} data-testid="alerts-refresh">
              Refresh
            </Button>
          </>
        }
      />
      <Tabs value={tab} onChange={(v) => update({ tab: v === 'rules' || v === 'suppressions' ? v : null, id: null })} style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
        <Tabs.List>
          <Tabs.Tab value="queue" data-testid="alerts-tab-queue" rightSection={counts ? <Badge size="sm" variant={counts.open > 0 ? 'filled' : 'light'} color={counts.open > 0 ? 'orange' : 'gray'} data-testid="alerts-count-open-tab">{counts.open}</Badge> : undefined}>
            Queue
          </Tabs.Tab>
          <Tabs.Tab value="rules" data-testid="alerts-tab-rules">
            Rules
          </Tabs.Tab>
          <Tabs.Tab value="suppressions" data-testid="alerts-tab-suppressions">
            Suppressions
          </Tabs.Tab>
        </Tabs.List>
        {tab === 'rules' ? (
          <RulesPanel />
        ) : tab === 'suppressions' ? (
          <SuppressionsPanel revision={revision} onChanged={bump} />
        ) : (
          <Stack gap="sm" pt="sm" style={{ flex: 1, minHeight: 0 }}>
            {queue.failedPages.length > 0 && (
              <Alert variant="light" color="red" icon={<IconAlertTriangle size={18} />} role="alert" title="Some alerts could not be loaded" data-testid="alerts-load-failed">
                <Group justify="space-between" wrap="nowrap" gap="sm">
                  <Text size="sm">
                    {queue.total === undefined
                      ? 'The queue could not be loaded'
                      : `Rows ${failedRunsText(queue.failedPages)} (${failedRows.toLocaleString('en-US')} alerts) could not be loaded`}{' '}
                    after {queue.failedPages[0]!.failure.attempts} attempt{queue.failedPages[0]!.failure.attempts === 1 ? '' : 's'}: {queue.failedPages[0]!.failure.message}
                  </Text>
                  <Button size="xs" variant="light" color="red" onClick={() => queue.retry()} data-testid="alerts-retry-failed">
                    Retry
                  </Button>
                </Group>
              </Alert>
            )}
            <ErrorAlert message={actionError?.message} onClose={() => setActionError(undefined)} />
            {notice && (
              <Text size="sm" c="teal.8" data-testid="alerts-notice">
                {notice}
              </Text>
            )}
            <Group gap="sm" align="flex-end" wrap="wrap" data-testid="alerts-filters">
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  State
                </Text>
                <SegmentedControl
                  size="sm"
                  value={filter.state}
                  onChange={(v) => update({ state: v === 'open' ? null : v })}
                  data={(['open', 'closed', 'suppressed', 'all'] as const).map((s) => ({
                    value: s,
                    label: `${s[0]!.toUpperCase()}${s.slice(1)}${stateCount(s) === undefined ? '' : ` (${stateCount(s)!.toLocaleString('en-US')})`}`,
                  }))}
                  data-testid="alerts-filter-state"
                />
              </Stack>
              <TextInput label="Search" placeholder="Alert, customer, tx ref" leftSection={<IconSearch size={15} />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={210} data-testid="alerts-search" {...{ [FILTER_ATTRIBUTE]: '' }} />
              <Select
                label="Level"
                placeholder="All levels"
                data={ALERT_LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }))}
                value={filter.level ?? null}
                onChange={(v) => update({ level: v })}
                clearable
                w={130}
                data-testid="alerts-filter-level"
              />
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  Assignee
                </Text>
                <SegmentedControl
                  size="sm"
                  value={filter.assignee ?? 'any'}
                  onChange={(v) => update({ assignee: v === 'any' ? null : v })}
                  data={[
                    { value: 'any', label: 'Anyone' },
                    { value: 'me', label: `Me${counts ? ` (${counts.mine})` : ''}` },
                    { value: 'unassigned', label: `Unassigned${counts ? ` (${counts.unassigned})` : ''}` },
                  ]}
                  data-testid="alerts-filter-assignee"
                />
              </Stack>
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  Group by
                </Text>
                <SegmentedControl
                  size="sm"
                  value={groupBy ?? 'none'}
                  onChange={(v) => update({ group: v === 'none' ? null : v })}
                  data={[
                    { value: 'none', label: 'None' },
                    { value: 'rule', label: 'Rule' },
                    { value: 'customer', label: 'Customer' },
                  ]}
                  data-testid="alerts-group-by"
                />
              </Stack>
              <Group gap={4} align="flex-end" wrap="nowrap">
                <Select label="Sort" data={SORT_KEYS.map((k) => ({ value: k, label: SORT_LABELS[k] }))} value={sort.by} onChange={(v) => update({ sort: v === 'raisedAt' ? null : v })} allowDeselect={false} w={130} data-testid="alerts-sort" />
                <Tooltip label={sort.dir === 'desc' ? 'Descending' : 'Ascending'}>
                  <ActionIcon variant="default" size={36} onClick={() => update({ dir: sort.dir === 'desc' ? 'asc' : null })} aria-label="Sort direction" data-testid="alerts-sort-dir">
                    {sort.dir === 'desc' ? <IconArrowDown size={16} /> : <IconArrowUp size={16} />}
                  </ActionIcon>
                </Tooltip>
              </Group>
              <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={15} />} disabled={!filtered} onClick={() => { setSearch(''); update({ level: null, rule: null, customer: null, assignee: null, q: null }); }}>
                Clear filters
              </Button>
            </Group>
            <Group justify="space-between" wrap="nowrap" mih={30}>
              {canWork && selected.size > 0 ? (
                <Group gap="xs" data-testid="alerts-bulk">
                  <Text size="sm" fw={600} data-testid="alerts-selected-count">
                    {selected.size} selected
                  </Text>
                  {selectedWhere && (
                    <Text size="sm" c="dimmed" data-testid="alerts-selected-where" title="Positions of the selected alerts in the queue">
                      (row{selected.size === 1 ? '' : 's'} {selectedWhere})
                    </Text>
                  )}
                  <Button size="xs" variant="light" onClick={() => void assignSelected()} data-testid="bulk-assign">
                    Assign to me
                  </Button>
                  <Button size="xs" variant="light" color="red" onClick={() => setModal('close')} data-testid="bulk-close">
                    Close…
                  </Button>
                  {canCase && (
                    <Button size="xs" variant="light" onClick={() => setModal('case')} data-testid="bulk-case">
                      Open case…
                    </Button>
                  )}
                  <Button size="xs" variant="subtle" color="gray" onClick={() => setSelected(new Set())}>
                    Clear selection
                  </Button>
                </Group>
              ) : (
                <Group gap="md">
                  {canWork && (
                    <Checkbox
                      size="xs"
                      label={`Select the ${inView.length.toLocaleString('en-US')} in view`}
                      title={inView.length > 0 ? `Rows ${positionsText(inView.map((r) => queue.indexOf(r.id)))}` : undefined}
                      checked={allInViewSelected}
                      disabled={inView.length === 0}
                      onChange={toggleInView}
                      data-testid="alerts-select-all"
                    />
                  )}
                  <ShortcutHints
                    testId="alert-shortcut-hints"
                    hints={[
                      { keys: ['j', 'k'], text: 'move' },
                      { keys: ['o'], text: 'open' },
                      canWork && { keys: ['x'], text: 'select' },
                      canWork && { keys: ['n'], text: 'next unassigned' },
                      { keys: ['?'], text: 'all shortcuts' },
                    ]}
                  />
                </Group>
              )}
              <Group gap={6}>
                {queue.loading && <Loader size="xs" />}
                <Text size="sm" c="dimmed" data-testid="alerts-row-count" data-total={queue.total}>
                  {queue.total === undefined ? '' : queueCountText(queue.total, filter.state, view)}
                </Text>
              </Group>
            </Group>
            <div style={{ display: 'flex', gap: 'var(--mantine-spacing-sm)', flex: 1, minHeight: 0 }}>
              {groupBy && (
                <Paper withBorder radius="md" w={260} style={{ flexShrink: 0, display: 'flex', flexDirection: 'column', minHeight: 0 }} data-testid="alerts-groups">
                  <Text size="xs" fw={600} tt="uppercase" c="gray.7" px="sm" pt="sm" pb={4}>
                    By {groupBy}
                  </Text>
                  <ErrorAlert message={groups.error?.message} />
                  <ScrollArea style={{ flex: 1 }}>
                    <NavLink label="All" active={groupBy === 'rule' ? !filter.ruleId : !filter.customerId} onClick={() => update(groupBy === 'rule' ? { rule: null } : { customer: null })} />
                    {groups.groups?.map((g) => {
                      const active = groupBy === 'rule' ? filter.ruleId === g.key : filter.customerId === g.key;
                      return (
                        <NavLink
                          key={g.key}
                          active={active}
                          label={
                            <Text size="sm" truncate="end" title={g.label}>
                              {g.label}
                            </Text>
                          }
                          description={groupBy === 'customer' && g.label !== g.key ? g.key : undefined}
                          rightSection={
                            <Badge size="sm" variant={g.open > 0 ? 'light' : 'outline'} color={g.open > 0 ? 'orange' : 'gray'} title={`${g.open} open of ${g.total}`}>
                              {g.open}/{g.total}
                            </Badge>
                          }
                          onClick={() => update(groupBy === 'rule' ? { rule: active ? null : g.key } : { customer: active ? null : g.key })}
                          data-testid="alerts-group"
                          data-key={g.key}
                        />
                      );
                    })}
                    {groups.groups?.length === 0 && (
                      <Text size="sm" c="dimmed" px="sm">
                        No alerts to group.
                      </Text>
                    )}
                  </ScrollArea>
                </Paper>
              )}
              <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
                <VirtualTable
                  rows={queue.rows}
                  columns={cols}
                  rowKey={(a) => a.id}
                  rowData={(a) => ({ 'data-alert-id': String(a.id), 'data-level': a.level, 'data-rule-id': a.ruleId, 'data-customer-id': a.customerId, 'data-state': a.state, 'data-assigned': a.assignee === null ? undefined : a.assignee === me?.id ? 'me' : 'other' })}
                  onRowClick={(a) => open(a.id)}
                  selectedKey={current}
                  followSelection
                  hasMore={false}
                  loading={queue.loading}
                  onLoadMore={noMore}
                  sparse={{ total: queue.total ?? 0, rowAt: queue.rowAt, onRange: queue.showRange, onView, failureAt, onRetry: queue.retry, selectedIndex: current === null ? -1 : queue.indexOf(current) }}
                  ariaLabel="Alert queue"
                  testId="alerts-table"
                  rowTestId="alert-row"
                  empty={queue.total === undefined && queue.failedPages.length > 0 ? 'The queue could not be loaded (see above).' : filtered ? 'No alerts match these filters.' : filter.state === 'open' ? 'No open alerts: the queue is clear.' : `No ${filter.state === 'all' ? '' : `${filter.state} `}alerts.`}
                />
              </div>
            </div>
          </Stack>
        )}
      </Tabs>
      <AlertDrawer alertId={tab === 'queue' ? openId : null} decimals={decimals} onClose={() => update({ id: null })} onChanged={bump} revision={revision} />
      <CloseAlertsModal
        ids={[...selected]}
        opened={modal === 'close'}
        onClose={() => setModal(null)}
        onClosed={(n) => {
          setModal(null);
          setSelected(new Set());
          setNotice(`${n} alert${n === 1 ? '' : 's'} closed.`);
          bump();
        }}
      />
      {modal === 'case' && (
        <OpenCaseModal
          ids={[...selected]}
          defaultTitle={selectedRows[0] ? `${selectedRows[0].ruleTitle}: ${selectedRows[0].customerName ?? selectedRows[0].customerId}` : 'Case'}
          opened
          onClose={() => setModal(null)}
          onOpened={(caseId) => {
            setModal(null);
            setSelected(new Set());
            void navigate(`/cases?id=${encodeURIComponent(caseId)}`);
          }}
        />
      )}
    </Stack>
  );
}
