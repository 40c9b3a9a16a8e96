import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Anchor, Button, Card, Group, Loader, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconArrowLeft, IconHistory, IconListDetails } from '@tabler/icons-react';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatUtc } from '../../lib/format';
import { Amount } from './Amount';
import { KindBadge } from './AccountsTab';
import { JournalList } from './JournalList';
import { useLedger } from './ledger-context';
import { NO_JOURNAL_FILTERS, parseAsOf, type AccountView } from './ledger-query';
import { StatementPanel } from './StatementPanel';

type AccountGet = CommandOutput<'ledger.accounts.get'>;

function Figure({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <Card withBorder radius="md" padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      <Text fz={20} fw={600} mt={4} data-testid={testId}>
        {children}
      </Text>
    </Card>
  );
}

/** The account's total at a past moment (ledger.accounts.get asOf): the balance after its last posting by then. */
function AsOf({ account }: { account: AccountView }) {
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [answer, setAnswer] = useState<AccountGet['asOf']>(null);
  const [error, setError] = useState<WireError | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const parsed = parseAsOf(text);
    if (!parsed.ok) {
      setFieldError(parsed.error);
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    const result = await invoke('ledger.accounts.get', { accountId: account.id, asOf: parsed.iso });
    setBusy(false);
    if (result.ok) {
      setError(undefined);
      setAnswer(result.value.asOf);
    } else {
      setError(result.error);
    }
  }

  return (
    <Card withBorder radius="md" padding="sm" data-testid="account-as-of">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        Total as of (UTC)
      </Text>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Group gap={6} mt={4} align="flex-start" wrap="nowrap">
          <TextInput
            size="xs"
            placeholder="YYYY-MM-DD HH:mm"
            aria-label="As of (UTC)"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={fieldError}
            spellCheck={false}
            className="mono"
            style={{ flex: 1 }}
            data-testid="as-of-input"
          />
          <Button size="xs" type="submit" variant="light" leftSection={<IconHistory size={14} />} loading={busy}>
            Show
          </Button>
        </Group>
      </form>
      <ErrorAlert message={error?.message} title="Could not read the balance" />
      {answer && (
        <Stack gap={0} mt={6}>
          <Text fz={18} fw={600} data-testid="as-of-total">
            <Amount value={answer.total} assetId={account.assetId} unit tone />
          </Text>
          <Text size="xs" c="dimmed" data-testid="as-of-at">
            at {formatUtc(answer.at)} UTC{answer.at.endsWith('23:59:59.999Z') ? ' (end of day)' : ''}
          </Text>
        </Stack>
      )}
    </Card>
  );
}

function AccountJournal({ account, selectedEntryId }: { account: AccountView; selectedEntryId: string | null }) {
  // One filter object per account: a new object on every render would restart the list each time.
  const filters = useMemo(() => ({ ...NO_JOURNAL_FILTERS, account: { id: account.id, code: account.code, assetId: account.assetId } }), [account.id, account.code, account.assetId]);
  return (
    <>
      <Text fw={600} size="sm" mt={4}>
        Journal of this account
      </Text>
      <JournalList filters={filters} selectedEntryId={selectedEntryId} testId="account-journal" />
    </>
  );
}

/** One account: balances now and at a past time; a customer's statement, or a firm account's journal. */
export function AccountDetail({ accountId, selectedEntryId }: { accountId: string; selectedEntryId: string | null }) {
  const { nav, assets, revision } = useLedger();
  const [account, setAccount] = useState<AccountView | undefined>();
  const [error, setError] = useState<WireError | undefined>();

  useEffect(() => {
    let live = true;
    void invoke('ledger.accounts.get', { accountId }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setAccount(result.value.account);
        setError(undefined);
      } else {
        setError(result.error);
      }
    });
    return () => {
      live = false;
    };
  }, [accountId, revision]);

  const back = (
    <Anchor component="button" size="sm" onClick={() => nav.openAccount(null)} data-testid="account-back">
      <Group gap={4} wrap="nowrap">
        <IconArrowLeft size={14} /> Accounts
      </Group>
    </Anchor>
  );

  if (error) {
    return (
      <Stack gap="sm">
        {back}
        <ErrorAlert message={error.message} title="Could not load the account" />
      </Stack>
    );
  }
  if (!account || account.id !== accountId) return <Loader size="sm" />;

  const asset = assets.get(account.assetId);
  return (
    <Stack gap="sm" h="100%" style={{ minHeight: 0 }} data-testid="account-detail" data-account-id={account.id} data-code={account.code}>
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <Stack gap={2}>
          {back}
          <Group gap="sm">
            <Title order={3} fz={20} className="mono" data-testid="account-code">
              {account.code}
            </Title>
            <KindBadge kind={account.kind} />
          </Group>
          <Text size="sm" c="dimmed">
            {account.label}
            {account.customerId ? ` · customer ${account.customerId}` : ''} · {asset ? `${asset.name} (${asset.network})` : account.assetId} · {account.normal}-normal
          </Text>
        </Stack>
        <Button variant="default" leftSection={<IconListDetails size={16} />} onClick={() => nav.showJournalFor({ id: account.id, code: account.code, assetId: account.assetId })} data-testid="account-open-journal">
          Open in journal
        </Button>
      </Group>
      <SimpleGrid cols={4} spacing="sm">
        <Figure label="Total" testId="account-total">
          <Amount value={account.total} assetId={account.assetId} unit tone />
        </Figure>
        <Figure label="Held for withdrawals" testId="account-held">
          <Amount value={account.held} assetId={account.assetId} unit tone />
        </Figure>
        <Figure label="Available" testId="account-available">
          <Amount value={account.available} assetId={account.assetId} unit tone />
        </Figure>
        <AsOf key={account.id} account={account} />
      </SimpleGrid>
      {account.kind === 'customer' && account.customerId ? (
        <StatementPanel customerId={account.customerId} assetId={account.assetId} selectedEntryId={selectedEntryId} />
      ) : (
        <AccountJournal account={account} selectedEntryId={selectedEntryId} />
      )}
    </Stack>
  );
}
