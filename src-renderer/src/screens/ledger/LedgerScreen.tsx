import { useCallback, useEffect, useMemo, useState } from 'react';
import { Badge, Button, Center, EmptyState, Loader, Stack, Tabs } from '@mantine/core';
import { IconBook2, IconLockAccess, IconRefresh, IconScale, IconTable } from '@tabler/icons-react';
import { ROLE_LABELS } from '../../../../src-shared/roles';
import { invoke, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../stores/session.store';
import { AccountDetail } from './AccountDetail';
import { AccountsTab } from './AccountsTab';
import { EntryDrawer } from './EntryDrawer';
import { ExceptionDrawer } from './ExceptionDrawer';
import { JournalTab } from './JournalTab';
import { LedgerContext, type LedgerContextValue, type LedgerNav, type LedgerTab } from './ledger-context';
import { NO_ACCOUNT_FILTERS, NO_JOURNAL_FILTERS, type AccountFilters, type AssetView, type JournalFilters } from './ledger-query';
import { holdsAny, LEDGER_READERS, RECONCILERS } from './ledger-roles';
import { ReconciliationTab, type ExceptionStatusFilter } from './ReconciliationTab';
import { useOperatorNames } from './useOperatorNames';
import { useUrlParams } from '../../hooks/useUrlParams';

const TABS: readonly LedgerTab[] = ['accounts', 'journal', 'reconciliation'];

function tabOf(value: string | null): LedgerTab {
  return TABS.find((t) => t === value) ?? 'accounts';
}

/** What an operator without a ledger role sees, whether the menu or the core said so. */
function NotForRole() {
  return (
    <EmptyState
      mt={80}
      icon={<IconLockAccess size={28} />}
      withIndicatorBackground
      title="The ledger is not open to your role"
      description={`Balances, the journal and reconciliation are open to: ${LEDGER_READERS.map((r) => ROLE_LABELS[r]).join(', ')}. Administrators manage operators and hold no ledger role, by design.`}
      data-testid="ledger-not-for-role"
    />
  );
}

/**
 * The Ledger: accounts and balances with the firm's positions, the journal with entry detail,
 * customer statements, and the reconciliation exception queue. Where the operator is (tab, account,
 * entry, exception) lives in the URL's query, so Back works and a view can be reopened as it was.
 */
export function LedgerScreen() {
  const operator = useSession((s) => s.operator);
  const operatorName = useOperatorNames();
  const [params, update] = useUrlParams();
  const [assets, setAssets] = useState<ReadonlyMap<string, AssetView> | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [revision, setRevision] = useState(0);
  const [openCount, setOpenCount] = useState<number | undefined>();
  const [accountFilters, setAccountFilters] = useState<AccountFilters>(NO_ACCOUNT_FILTERS);
  const [journalFilters, setJournalFilters] = useState<JournalFilters>(NO_JOURNAL_FILTERS);
  const [exceptionStatus, setExceptionStatus] = useState<ExceptionStatusFilter>('open');

  const tab = tabOf(params.get('tab'));
  const accountId = params.get('account');
  const entryId = params.get('entry');
  const exceptionId = params.get('exception');
  const roles = operator?.roles ?? [];
  const reader = holdsAny(roles, LEDGER_READERS);

  useEffect(() => {
    if (!reader) return;
    let live = true;
    void invoke('ledger.assets.list', {}).then((result) => {
      if (!live) return;
      if (result.ok) setAssets(new Map(result.value.assets.map((a) => [a.id, a])));
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [reader]);

  useEffect(() => {
    if (!reader) return;
    let live = true;
    void invoke('reconciliation.exceptions.list', { status: 'open', limit: 1000 }).then((result) => {
      if (!live) return;
      if (result.ok) setOpenCount(result.value.exceptions.length);
      else if (result.error.code === 'FORBIDDEN') setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [reader, revision]);


  const nav = useMemo<LedgerNav>(
    () => ({
      setTab: (t) => update({ tab: t, account: null }),
      openEntry: (id) => update({ entry: id, exception: null }),
      openAccount: (id) => update({ tab: 'accounts', account: id, entry: null, exception: null }),
      openException: (id) => update(id ? { tab: 'reconciliation', exception: id, entry: null } : { exception: null }),
      showJournalFor: (account) => {
        setJournalFilters({ ...NO_JOURNAL_FILTERS, account });
        update({ tab: 'journal', account: null, entry: null, exception: null });
      },
    }),
    [update],
  );
  const bumpRevision = useCallback(() => setRevision((r) => r + 1), []);

  const context = useMemo<LedgerContextValue | undefined>(
    () =>
      assets && operator
        ? { assets, canReconcile: holdsAny(operator.roles, RECONCILERS), myOperatorId: operator.id, operatorName, nav, revision, bumpRevision }
        : undefined,
    [assets, operator, operatorName, nav, revision, bumpRevision],
  );

  if (!reader || error?.code === 'FORBIDDEN') return <NotForRole />;

  return (
    <Stack gap={0} h="100%" style={{ minHeight: 0 }} data-testid="ledger-screen">
      <PageHeader
        title="Ledger"
        description="The book of record: balances in exact minor units, every entry balanced per asset, reconciled against the chain. Times are UTC."
        actions={
          <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={bumpRevision} data-testid="ledger-refresh">
            Refresh
          </Button>
        }
      />
      <ErrorAlert message={error?.message} title="Could not open the ledger" />
      {!context ? (
        !error && (
          <Center mt={60}>
            <Loader size="sm" />
          </Center>
        )
      ) : (
        <LedgerContext.Provider value={context}>
          <Tabs
            value={tab}
            onChange={(v) => nav.setTab(tabOf(v))}
            keepMounted={false}
            style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}
            styles={{ panel: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', paddingTop: 'var(--mantine-spacing-sm)' } }}
          >
            <Tabs.List>
              <Tabs.Tab value="accounts" leftSection={<IconTable size={15} />} data-testid="ledger-tab-accounts">
                Accounts & balances
              </Tabs.Tab>
              <Tabs.Tab value="journal" leftSection={<IconBook2 size={15} />} data-testid="ledger-tab-journal">
                Journal
              </Tabs.Tab>
              <Tabs.Tab
                value="reconciliation"
                leftSection={<IconScale size={15} />}
                rightSection={
                  openCount ? (
                    <Badge size="xs" circle color="red" data-testid="open-exceptions-badge">
                      {openCount}
                    </Badge>
                  ) : undefined
                }
                data-testid="ledger-tab-reconciliation"
              >
                Reconciliation
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="accounts">
              {accountId ? <AccountDetail accountId={accountId} selectedEntryId={entryId} /> : <AccountsTab filters={accountFilters} onFilters={setAccountFilters} />}
            </Tabs.Panel>
            <Tabs.Panel value="journal">
              <JournalTab filters={journalFilters} onFilters={setJournalFilters} selectedEntryId={entryId} />
            </Tabs.Panel>
            <Tabs.Panel value="reconciliation">
              <ReconciliationTab status={exceptionStatus} onStatus={setExceptionStatus} selectedId={exceptionId} />
            </Tabs.Panel>
          </Tabs>
          <EntryDrawer entryId={entryId} />
          <ExceptionDrawer exceptionId={exceptionId} />
        </LedgerContext.Provider>
      )}
    </Stack>
  );
}
