import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Badge, Button, Group, Kbd, Loader, SegmentedControl, Select, Stack, Switch, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { invoke, type CommandInput, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { useScreenShortcuts } from '../../hooks/useScreenShortcuts';
import { formatUtc } from '../../lib/format';
import { useSession } from '../../stores/session.store';
import { stepSelection } from '../withdrawals/withdrawal-format';
import { operatorName, useOperatorDirectory, type Directory } from './operator-directory';
import { CaseDrawer } from './CaseDrawer';
import { CASE_STATUSES, caseStatusOf, deadlineText, STATUS_COLORS, STATUS_LABELS } from './case-format';
import { useUrlParams } from '../../hooks/useUrlParams';

type CaseRow = CommandOutput<'cases.list'>['rows'][number];
type CaseFilter = NonNullable<CommandInput<'cases.list'>['filter']>;

const PAGE = 200;

function useCaseList(filter: CaseFilter, revision: number) {
  const [rows, setRows] = useState<readonly CaseRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [total, setTotal] = useState<number | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<WireError | undefined>();
  const generation = useRef(0);
  const key = JSON.stringify(filter);
  useEffect(() => {
    const asked = ++generation.current;
    setLoading(true);
    void invoke('cases.list', { limit: PAGE, filter: JSON.parse(key) as CaseFilter }).then((result) => {
      if (asked !== generation.current) return;
      setLoading(false);
      if (!result.ok) return setError(result.error);
      setError(undefined);
      setRows(result.value.rows);
      setCursor(result.value.nextCursor);
      setTotal(result.value.total);
    });
  }, [key, revision]);
  const loadMore = useCallback(() => {
    if (!cursor || loading) return;
    const asked = generation.current;
    setLoading(true);
    void invoke('cases.list', { cursor, limit: PAGE, filter: JSON.parse(key) as CaseFilter }).then((result) => {
      if (asked !== generation.current) return;
      setLoading(false);
      if (!result.ok) {
        setCursor(null);
        return setError(result.error);
      }
      setRows((r) => [...r, ...result.value.rows]);
      setCursor(result.value.nextCursor);
    });
  }, [cursor, loading, key]);
  return { rows, total, loading, error, hasMore: cursor !== null, loadMore };
}

function columns(me: string | undefined, directory: Directory): Column<CaseRow>[] {
  return [
    { key: 'id', header: 'Case', width: '112px', render: (c) => <span className="mono">{c.id}</span> },
    { key: 'title', header: 'Title', width: 'minmax(180px, 1.5fr)', render: (c) => <Text span size="sm" fw={500}>{c.title}</Text>, title: (c) => c.title },
    {
      key: 'status',
      header: 'Status',
      width: '112px',
      render: (c) => (
        <Badge size="sm" variant="light" color={STATUS_COLORS[c.status]} tt="none">
          {STATUS_LABELS[c.status]}
        </Badge>
      ),
    },
    {
      key: 'deadline',
      header: 'SAR deadline',
      width: '190px',
      render: (c) => {
        const d = deadlineText(c.daysLeft);
        return (
          <Text span size="sm" c={d.overdue ? 'red' : d.soon ? 'orange' : undefined} fw={d.overdue ? 600 : undefined} data-testid="case-days-left" data-overdue={d.overdue ? 'true' : undefined}>
            <span className="mono">{c.sarDueAt.slice(0, 10)}</span>{' '}
            <Text span size="xs" c={d.overdue ? 'red' : 'dimmed'}>
              {d.text}
            </Text>
          </Text>
        );
      },
    },
    { key: 'customers', header: 'Customers', width: 'minmax(90px, 0.5fr)', render: (c) => <span className="mono">{c.customerIds.join(', ')}</span>, title: (c) => c.customerIds.join(', ') },
    { key: 'alerts', header: 'Alerts', width: '60px', align: 'right', render: (c) => <span className="mono">{c.alertCount}</span> },
    { key: 'decision', header: 'Decision', width: '80px', render: (c) => (c.decision === 'sar' ? 'SAR' : c.decision === 'no_sar' ? 'No SAR' : '—') },
    { key: 'assignee', header: 'Assignee', width: '140px', render: (c) => (c.assignee === null ? '—' : c.assignee === me ? 'You' : <span title={operatorName(directory, c.assignee)}>{directory.get(c.assignee)?.displayName ?? c.assignee}</span>) },
    { key: 'opened', header: 'Opened (UTC)', width: '160px', render: (c) => <span className="mono">{formatUtc(c.openedAt)}</span> },
  ];
}

/**
 * Cases: investigations opened from alerts, by filing deadline (soonest first, overdue in red),
 * filtered by status and assignee; a case opens in a drawer with its workflow, notes, attachments
 * and the SAR panel. Only SAR roles reach this screen (the module's roles; the core refuses others).
 */
export function CasesScreen() {
  const [params, update] = useUrlParams();
  const me = useSession((s) => s.operator);
  const status = params.get('status') === 'all' ? 'all' : (caseStatusOf(params.get('status')) ?? 'active');
  const assignee = params.get('assignee') === 'me' ? 'me' : params.get('assignee') === 'unassigned' ? 'unassigned' : null;
  const overdue = params.get('overdue') === '1';
  const openId = params.get('id');
  const [revision, setRevision] = useState(0);
  const filter = useMemo<CaseFilter>(() => ({ ...(status === 'all' ? {} : { status }), ...(assignee ? { assignee } : {}), ...(overdue ? { overdue: true } : {}) }), [status, assignee, overdue]);
  const list = useCaseList(filter, revision);
  const [cursor, setCursor] = useState<string | null>(null);
  const bump = useCallback(() => setRevision((r) => r + 1), []);
  const ids = useMemo(() => list.rows.map((r) => r.id), [list.rows]);
  const current = openId ?? cursor;
  const open = useCallback(
    (id: string | null) => {
      if (id) setCursor(id);
      update({ id });
    },
    [update],
  );
  const move = (step: 1 | -1): void => {
    const next = stepSelection(ids, current, step);
    if (!next) return;
    setCursor(next);
    if (openId) update({ id: next });
  };
  useScreenShortcuts({ nextRow: () => move(1), previousRow: () => move(-1), openRow: () => open(cursor ?? ids[0] ?? null) });
  const directory = useOperatorDirectory();
  const cols = useMemo(() => columns(me?.id, directory), [me?.id, directory]);

  return (
    <Stack gap={0} h="100%" style={{ minHeight: 0 }} data-testid="cases-screen">
      <PageHeader
        title="Cases"
        description="Investigations opened from alerts, soonest SAR deadline first. Times are UTC."
        actions={
          <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={bump} data-testid="cases-refresh">
            Refresh
          </Button>
        }
      />
      <ErrorAlert message={list.error?.message} title="Could not load the cases" />
      <Stack gap="sm" style={{ flex: 1, minHeight: 0 }}>
        <Group gap="sm" align="flex-end" wrap="wrap" data-testid="cases-filters">
          <Select
            label="Status"
            data={[{ value: 'active', label: 'Active (not closed)' }, ...CASE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })), { value: 'all', label: 'All' }]}
            value={status}
            onChange={(v) => update({ status: v === 'active' || v === null ? null : v })}
            allowDeselect={false}
            w={190}
            data-testid="cases-filter-status"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Assignee
            </Text>
            <SegmentedControl
              size="sm"
              value={assignee ?? 'any'}
              onChange={(v) => update({ assignee: v === 'any' ? null : v })}
              data={[
                { value: 'any', label: 'Anyone' },
                { value: 'me', label: 'Me' },
                { value: 'unassigned', label: 'Unassigned' },
              ]}
            />
          </Stack>
          <Switch label="Overdue only" checked={overdue} onChange={(e) => update({ overdue: e.currentTarget.checked ? '1' : null })} mb={8} data-testid="cases-filter-overdue" />
          <Group gap={6} ml="auto">
            {list.loading && <Loader size="xs" />}
            <Text size="sm" c="dimmed" data-testid="cases-row-count">
              {list.total === undefined ? '' : `${list.total} case${list.total === 1 ? '' : 's'}`}
            </Text>
          </Group>
        </Group>
        <Group gap="md">
          {[
            [['j', 'k'], 'move'],
            [['o'], 'open'],
            [['?'], 'all shortcuts'],
          ].map(([keys, text]) => (
            <Group key={String(text)} gap={4} wrap="nowrap">
              {(keys as string[]).map((k) => (
                <Kbd key={k} size="xs">
                  {k}
                </Kbd>
              ))}
              <Text span size="xs" c="dimmed">
                {text as string}
              </Text>
            </Group>
          ))}
        </Group>
        <VirtualTable
          rows={list.rows}
          columns={cols}
          rowKey={(c) => c.id}
          rowData={(c) => ({ 'data-case-id': c.id, 'data-status': c.status, 'data-overdue': c.overdue ? 'true' : undefined })}
          onRowClick={(c) => open(c.id)}
          selectedKey={current}
          followSelection
          hasMore={list.hasMore}
          loading={list.loading}
          onLoadMore={list.loadMore}
          ariaLabel="Cases"
          testId="cases-table"
          rowTestId="case-row"
          empty={status === 'active' && !assignee && !overdue ? 'No active cases. Open one from an alert.' : 'No cases match these filters.'}
        />
      </Stack>
      <CaseDrawer caseId={openId} onClose={() => update({ id: null })} onChanged={bump} />
    </Stack>
  );
}
