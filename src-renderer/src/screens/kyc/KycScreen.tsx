import { useCallback, useMemo, useState } from 'react';
import { Badge, Button, Group, Loader, Paper, SegmentedControl, Select, Stack, Tabs, Text, TextInput, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconFilterOff, IconListSearch, IconRefresh, IconSearch } from '@tabler/icons-react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { ShortcutHints } from '../../components/ShortcutHints';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { FILTER_ATTRIBUTE } from '../../hooks/useGlobalShortcuts';
import { useScreenShortcuts } from '../../hooks/useScreenShortcuts';
import { formatUtc } from '../../lib/format';
import { CustomerFileDrawer } from './CustomerFileDrawer';
import { RescreenProgress, ScreeningDrawer, useRescreenStatus } from './ScreeningDrawer';
import { RiskBadge } from './KycBadges';
import {
  CDD_LABELS,
  customerTypeOf,
  filterCustomers,
  isoDay,
  QUEUE_TABS,
  queueTabOf,
  reviewDueText,
  riskLevelOf,
  searchCustomers,
  stepSelection,
  tabOfStatus,
  type CustomerSummary,
  type KycStatus,
  type QueueTab,
  type ReviewDue,
} from './kyc-format';
import { REVIEW_WINDOW_DAYS, useKycQueue } from './useKycQueue';
import { useUrlParams } from '../../hooks/useUrlParams';

const EMPTY: readonly CustomerSummary[] = [];
const EMPTY_REVIEWS: readonly ReviewDue[] = [];

function NextReview({ iso, now }: { iso: string | null; now: number }) {
  const due = reviewDueText(iso, now);
  return (
    <Text span size="sm" c={due.overdue ? 'red' : due.soon ? 'orange' : undefined} fw={due.overdue ? 600 : undefined}>
      <span className="mono">{isoDay(iso)}</span>{' '}
      <Text span size="xs" c={due.overdue ? 'red' : 'dimmed'}>
        {due.text}
      </Text>
    </Text>
  );
}

function customerColumns(tab: Exclude<QueueTab, 'reviews'>, now: number): Column<CustomerSummary>[] {
  const cols: Column<CustomerSummary>[] = [
    { key: 'id', header: 'Customer', width: '96px', render: (c) => <span className="mono">{c.id}</span> },
    {
      key: 'name',
      header: 'Name',
      width: 'minmax(200px, 1.4fr)',
      render: (c) => (
        <Text span size="sm" fw={500}>
          {c.legalName}
        </Text>
      ),
      title: (c) => c.legalName,
    },
    { key: 'type', header: 'Type', width: '88px', render: (c) => (c.type === 'entity' ? 'Entity' : 'Individual') },
    { key: 'country', header: 'Country', width: '92px', render: (c) => <span className="mono">{c.country}</span> },
    { key: 'risk', header: 'Risk', width: '124px', render: (c) => <RiskBadge level={c.riskLevel} score={c.riskScore} /> },
    { key: 'cdd', header: 'CDD', width: '120px', render: (c) => (c.cddLevel ? CDD_LABELS[c.cddLevel] : '—') },
    {
      key: 'hits',
      header: 'Open hits',
      width: '88px',
      align: 'right',
      render: (c) =>
        c.openHits > 0 ? (
          <Badge size="sm" color="red" variant="light" leftSection={<IconAlertTriangle size={11} />} data-testid="kyc-open-hits">
            {c.openHits}
          </Badge>
        ) : (
          <Text span size="sm" c="dimmed">
            0
          </Text>
        ),
    },
  ];
  if (tab === 'approved') cols.push({ key: 'review', header: 'Next review', width: 'minmax(180px, 0.9fr)', render: (c) => <NextReview iso={c.nextReviewAt} now={now} /> });
  else if (tab === 'information' || tab === 'rejected') cols.push({ key: 'reason', header: 'Reason', width: 'minmax(200px, 1.2fr)', render: (c) => c.reviewReason ?? '—', title: (c) => c.reviewReason ?? undefined });
  cols.push(
    { key: 'source', header: 'Source', width: '82px', render: (c) => (c.source === 'bundle' ? 'Online' : 'Console'), title: (c) => (c.source === 'bundle' ? 'Submitted through the online node (bundle)' : 'Opened at the console') },
    { key: 'updated', header: 'Updated (UTC)', width: '164px', render: (c) => <span className="mono">{formatUtc(c.updatedAt)}</span> },
  );
  return cols;
}

function reviewColumns(now: number): Column<ReviewDue>[] {
  return [
    { key: 'id', header: 'Customer', width: '96px', render: (c) => <span className="mono">{c.id}</span> },
    { key: 'name', header: 'Name', width: 'minmax(200px, 1.3fr)', render: (c) => c.legalName, title: (c) => c.legalName },
    { key: 'risk', header: 'Risk', width: '124px', render: (c) => <RiskBadge level={c.riskLevel} score={c.riskScore} /> },
    { key: 'due', header: 'Review due', width: 'minmax(250px, 1fr)', render: (c) => <NextReview iso={c.nextReviewAt} now={now} /> },
    {
      key: 'gate',
      header: 'Withdrawals',
      width: '130px',
      render: (c) =>
        c.blocksWithdrawals ? (
          <Badge size="sm" color="red" variant="filled" tt="none">
            Blocked
          </Badge>
        ) : (
          <Badge size="sm" color="gray" variant="light" tt="none">
            {c.overdueDays > 0 ? 'In grace period' : 'Allowed'}
          </Badge>
        ),
    },
    { key: 'reason', header: 'Why', width: 'minmax(220px, 1.4fr)', render: (c) => c.reviewReason ?? 'Periodic review', title: (c) => c.reviewReason ?? undefined },
  ];
}

/**
 * KYC: the verification queue by status with counts, filters by risk level and customer type, the
 * reviews that fall due, and a customer's file in a drawer (profile, documents with a viewer and
 * the submitted data beside them, screening hits to resolve, the risk with its factors, and the
 * decision). Where the operator is (tab, filters, open file) lives in the URL's query.
 */
export function KycScreen() {
  const [params, update] = useUrlParams();
  const tab = queueTabOf(params.get('tab'));
  const openId = params.get('id');
  const filters = useMemo(() => ({ risk: riskLevelOf(params.get('risk')), type: customerTypeOf(params.get('type')) }), [params]);
  const search = params.get('q');
  const [revision, setRevision] = useState(0);
  const queue = useKycQueue(revision, search);
  // A re-screen after a list update runs in the background: its progress shows while it runs.
  const rescreen = useRescreenStatus(true);
  const [cursor, setCursor] = useState<string | null>(null);
  // "Now" for review dates, taken when the queue arrives: a render never changes what a row says.
  const now = useMemo(() => Date.now(), [queue.lists, queue.reviews]);

  const bump = useCallback(() => setRevision((r) => r + 1), []);

  const customers = useMemo(() => (tab === 'reviews' ? EMPTY : filterCustomers(queue.lists[tab] ?? EMPTY, filters)), [queue.lists, tab, filters]);
  const reviews = useMemo(() => searchCustomers(filterCustomers(queue.reviews ?? EMPTY_REVIEWS, filters), search), [queue.reviews, filters, search]);
  const ids = useMemo(() => (tab === 'reviews' ? reviews : customers).map((c) => c.id), [tab, reviews, customers]);
  const selected = openId ?? cursor;

  const open = useCallback(
    (id: string | null) => {
      if (id) setCursor(id);
      update({ id });
    },
    [update],
  );
  const move = (step: 1 | -1): void => {
    const next = stepSelection(ids, selected, step);
    if (!next) return;
    setCursor(next);
    if (openId) update({ id: next });
  };

  useScreenShortcuts({
    nextRow: () => move(1),
    previousRow: () => move(-1),
    openRow: () => open(cursor ?? ids[0] ?? null),
  });

  const onChanged = useCallback(
    (status: KycStatus) => {
      bump();
      // A file that moved on (approved, rejected, information requested) is followed to its tab.
      const to = tabOfStatus(status);
      if (tab !== 'reviews' && to !== tab) update({ tab: to });
    },
    [bump, tab, update],
  );

  const filtered = Boolean(filters.risk || filters.type || search);
  const customerCols = useMemo(() => (tab === 'reviews' ? [] : customerColumns(tab, now)), [tab, now]);
  const reviewCols = useMemo(() => reviewColumns(now), [now]);
  const rowCount = tab === 'reviews' ? reviews.length : customers.length;
  const total = queue.totals[tab];
  const loaded = tab === 'reviews' ? (queue.reviews?.length ?? 0) : (queue.lists[tab]?.length ?? 0);

  return (
    <Stack gap={0} h="100%" style={{ minHeight: 0 }} data-testid="kyc-screen">
      <PageHeader
        title="KYC"
        description="Every customer known, screened and risk-rated before they move money. Open a file to review its documents, hits and risk; times are UTC."
        actions={
          <Group gap="xs">
            <Button variant="default" leftSection={<IconListSearch size={16} />} onClick={() => update({ screening: '1' })} data-testid="kyc-open-screening">
              Screening
            </Button>
            <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={bump} data-testid="kyc-refresh">
              Refresh
            </Button>
          </Group>
        }
      />
      {rescreen.status?.job?.state === 'running' && (
        <Paper withBorder p="xs" mb="xs" data-testid="kyc-rescreen-banner">
          <RescreenProgress job={rescreen.status.job} />
        </Paper>
      )}
      <ErrorAlert message={queue.error?.message} title="Could not load the KYC queue" />
      <Tabs
        value={tab}
        onChange={(v) => {
          setCursor(null);
          update({ tab: queueTabOf(v) });
        }}
        style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}
      >
        <Tabs.List>
          {QUEUE_TABS.map((t) => {
            const count = queue.totals[t.key];
            const attention = t.key === 'pending' || t.key === 'reviews';
            return (
              <Tabs.Tab
                key={t.key}
                value={t.key}
                data-testid={`kyc-tab-${t.key}`}
                rightSection={
                  count === undefined ? undefined : (
                    <Badge size="sm" variant={attention && count > 0 ? 'filled' : 'light'} color={attention && count > 0 ? (t.key === 'pending' ? 'yellow' : 'orange') : 'gray'} data-testid={`kyc-count-${t.key}`}>
                      {count}
                    </Badge>
                  )
                }
              >
                {t.label}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
        <Stack gap="sm" pt="sm" style={{ flex: 1, minHeight: 0 }}>
          <Group gap="sm" align="flex-end" wrap="wrap" data-testid="kyc-filters">
            <TextInput
              label="Customer"
              placeholder="Id or name"
              leftSection={<IconSearch size={15} />}
              value={search ?? ''}
              onChange={(e) => update({ q: e.currentTarget.value === '' ? null : e.currentTarget.value })}
              w={220}
              data-testid="kyc-search"
              {...{ [FILTER_ATTRIBUTE]: '' }}
            />
            <Select
              label="Risk level"
              placeholder="All levels"
              data={[
                { value: 'high', label: 'High' },
                { value: 'medium', label: 'Medium' },
                { value: 'low', label: 'Low' },
              ]}
              value={filters.risk}
              onChange={(v) => update({ risk: v })}
              clearable
              w={170}
              data-testid="kyc-filter-risk"
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Type
              </Text>
              <SegmentedControl
                size="sm"
                value={filters.type ?? 'all'}
                onChange={(v) => update({ type: v === 'all' ? null : v })}
                data={[
                  { value: 'all', label: 'All' },
                  { value: 'individual', label: 'Individuals' },
                  { value: 'entity', label: 'Entities' },
                ]}
                data-testid="kyc-filter-type"
              />
            </Stack>
            <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={15} />} disabled={!filtered} onClick={() => update({ risk: null, type: null, q: null })}>
              Clear filters
            </Button>
            <Group gap={6} ml="auto">
              {queue.loading && <Loader size="xs" />}
              <Tooltip label={tab === 'reviews' ? `Approved customers whose review falls due within ${REVIEW_WINDOW_DAYS} days, overdue first; past the ${queue.graceDays ?? '?'}-day grace period their withdrawals are blocked.` : 'Filters apply to the rows loaded so far.'}>
                <Text size="sm" c="dimmed" data-testid="kyc-row-count">
                  {filtered ? `${rowCount} matching of ${loaded} loaded` : `${rowCount}${total !== undefined && total > rowCount ? ` of ${total}` : ''} customer${rowCount === 1 ? '' : 's'}`}
                </Text>
              </Tooltip>
            </Group>
          </Group>
          <ShortcutHints testId="kyc-shortcut-hints" hints={[{ keys: ['j', 'k'], text: 'move' }, { keys: ['o'], text: 'open' }, { keys: ['?'], text: 'all shortcuts' }]} />
          {tab === 'reviews' ? (
            <VirtualTable
              rows={reviews}
              columns={reviewCols}
              rowKey={(c) => c.id}
              rowData={(c) => ({ 'data-customer-id': c.id, 'data-overdue': c.overdueDays > 0 ? String(c.overdueDays) : undefined, 'data-blocks': c.blocksWithdrawals ? 'true' : undefined })}
              onRowClick={(c) => open(c.id)}
              selectedKey={selected}
              followSelection
              hasMore={false}
              loading={queue.loading && queue.reviews === undefined}
              onLoadMore={() => undefined}
              ariaLabel="Reviews due"
              testId="kyc-reviews-table"
              rowTestId="kyc-review-row"
              empty={filtered ? 'No reviews due match these filters.' : `No approved customer’s review falls due within ${REVIEW_WINDOW_DAYS} days.`}
            />
          ) : (
            <VirtualTable
              rows={customers}
              columns={customerCols}
              rowKey={(c) => c.id}
              rowData={(c) => ({ 'data-customer-id': c.id, 'data-status': c.status, 'data-risk': c.riskLevel ?? undefined, 'data-type': c.type })}
              onRowClick={(c) => open(c.id)}
              selectedKey={selected}
              followSelection
              hasMore={Boolean(queue.next[tab])}
              loading={queue.loading}
              onLoadMore={() => queue.loadMore(tab)}
              ariaLabel="KYC verification queue"
              testId="kyc-table"
              rowTestId="kyc-row"
              empty={filtered ? 'No customers in this tab match these filters.' : `No customers are ${QUEUE_TABS.find((t) => t.key === tab)!.label.toLowerCase()}.`}
            />
          )}
        </Stack>
      </Tabs>
      <CustomerFileDrawer customerId={openId} onClose={() => update({ id: null })} onChanged={onChanged} />
      <ScreeningDrawer opened={params.get('screening') === '1'} onClose={() => update({ screening: null })} status={rescreen.status} onStarted={rescreen.refresh} />
    </Stack>
  );
}
