import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Anchor, Badge, Drawer, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { IconArrowBackUp, IconArrowForwardUp, IconCircleCheck, IconAlertTriangle } from '@tabler/icons-react';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { HashText } from '../../components/HashText';
import { formatUtc } from '../../lib/format';
import { Amount } from './Amount';
import { EntryTypeBadge } from './JournalList';
import { useLedger } from './ledger-context';
import { debitCredit, entryAuthor, entryTotals } from './ledger-format';

type EntryDetail = CommandOutput<'ledger.entries.get'>;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** Where the entry came from, linked when the screen can show it. */
function Source({ type, reference }: { type: string | null; reference: string | null }) {
  const { nav } = useLedger();
  if (!type) return <Text size="sm" c="dimmed">— (posted directly)</Text>;
  return (
    <Group gap={6} wrap="nowrap">
      <Badge size="sm" variant="outline" color="gray" tt="none">
        {type}
      </Badge>
      {reference === null ? null : type === 'reconciliation' ? (
        <Anchor component="button" size="sm" className="mono" onClick={() => nav.openException(reference)} data-testid="entry-source-exception">
          {reference}
        </Anchor>
      ) : /^(0x)?[0-9a-f]{64}$/i.test(reference) ? (
        <HashText value={reference} />
      ) : (
        <Text size="sm" className="mono">
          {reference}
        </Text>
      )}
    </Group>
  );
}

function EntryLink({ direction, target }: { direction: 'reverses' | 'reversedBy'; target: { id: string; seq: number } }) {
  const { nav } = useLedger();
  const Icon = direction === 'reverses' ? IconArrowBackUp : IconArrowForwardUp;
  return (
    <Anchor component="button" onClick={() => nav.openEntry(target.id)} data-testid={direction === 'reverses' ? 'entry-reverses' : 'entry-reversed-by'} data-entry-id={target.id}>
      <Group gap={4} wrap="nowrap">
        <Icon size={16} />
        <Text span size="sm" fw={600}>
          {direction === 'reverses' ? 'Reverses' : 'Reversed by'} entry #{target.seq}
        </Text>
        <Text span size="xs" c="dimmed" className="mono">
          {target.id}
        </Text>
      </Group>
    </Anchor>
  );
}

function Postings({ detail }: { detail: EntryDetail }) {
  const { nav } = useLedger();
  const totals = entryTotals(detail.entry.postings);
  return (
    <Table withTableBorder verticalSpacing={6} horizontalSpacing="sm" data-testid="entry-postings" fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Account</Table.Th>
          <Table.Th ta="right">Debit</Table.Th>
          <Table.Th ta="right">Credit</Table.Th>
          <Table.Th ta="right">Balance after</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {detail.entry.postings.map((p, i) => {
          const { debit, credit } = debitCredit(p.amount);
          return (
            <Table.Tr key={`${p.accountId}-${i}`} data-testid="entry-posting" data-account={p.accountCode} data-amount={p.amount}>
              <Table.Td>
                <Anchor component="button" size="sm" className="mono" onClick={() => nav.openAccount(p.accountId)}>
                  {p.accountCode}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right">{debit !== null && <Amount value={debit} assetId={p.assetId} />}</Table.Td>
              <Table.Td ta="right">{credit !== null && <Amount value={credit} assetId={p.assetId} />}</Table.Td>
              <Table.Td ta="right">
                <Amount value={p.balanceAfter} assetId={p.assetId} tone />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
      <Table.Tfoot>
        {totals.map((t) => (
          <Table.Tr key={t.assetId} bg="var(--mantine-color-gray-0)">
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                {t.balanced ? <IconCircleCheck size={15} color="var(--mantine-color-teal-7)" /> : <IconAlertTriangle size={15} color="var(--mantine-color-red-7)" />}
                <Text size="sm" fw={600}>
                  {t.assetId} {t.balanced ? 'balances' : 'does not balance'}
                </Text>
              </Group>
            </Table.Td>
            <Table.Td ta="right" fw={600}>
              <Amount value={t.debit} assetId={t.assetId} />
            </Table.Td>
            <Table.Td ta="right" fw={600}>
              <Amount value={t.credit} assetId={t.assetId} />
            </Table.Td>
            <Table.Td />
          </Table.Tr>
        ))}
      </Table.Tfoot>
    </Table>
  );
}

/** One journal entry: its postings, what it reverses or was reversed by, and where it came from. */
export function EntryDrawer({ entryId }: { entryId: string | null }) {
  const { nav, operatorName } = useLedger();
  const [detail, setDetail] = useState<EntryDetail | undefined>();
  const [error, setError] = useState<WireError | undefined>();

  useEffect(() => {
    if (!entryId) return;
    let live = true;
    setDetail(undefined);
    setError(undefined);
    void invoke('ledger.entries.get', { entryId }).then((result) => {
      if (!live) return;
      if (result.ok) setDetail(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [entryId]);

  const entry = detail?.entry;
  return (
    <Drawer
      opened={entryId !== null}
      onClose={() => nav.openEntry(null)}
      position="right"
      size={640}
      title={
        <Group gap="sm">
          <Text fw={600}>{entry ? `Journal entry #${entry.seq}` : 'Journal entry'}</Text>
          {entry && <EntryTypeBadge type={entry.type} />}
        </Group>
      }
    >
      <ErrorAlert message={error?.message} title="Could not load the entry" />
      {!detail && !error && <Loader size="sm" />}
      {detail && entry && (
        <Stack gap="md" data-testid="entry-detail" data-entry-id={entry.id} data-seq={entry.seq}>
          <Text size="sm">{entry.description}</Text>
          {(detail.reverses || detail.reversedBy) && (
            <Alert variant="light" color="orange" p="sm" data-testid="entry-links">
              <Stack gap={4}>
                {detail.reverses && <EntryLink direction="reverses" target={detail.reverses} />}
                {detail.reversedBy && <EntryLink direction="reversedBy" target={detail.reversedBy} />}
              </Stack>
            </Alert>
          )}
          <Postings detail={detail} />
          <Group grow align="flex-start">
            <Field label="Posted (UTC)">
              <Text size="sm" className="mono">
                {formatUtc(entry.postedAt)}
              </Text>
            </Field>
            <Field label="Created by">
              <Text size="sm" data-testid="entry-created-by" title={entry.createdBy}>
                {entryAuthor(entry.createdBy, operatorName)}
              </Text>
            </Field>
          </Group>
          <Field label="Source">
            <Source type={entry.sourceType} reference={entry.sourceRef} />
          </Field>
          <Field label="Idempotency key">
            {entry.idempotencyKey ? (
              <Text size="sm" className="mono" style={{ wordBreak: 'break-all' }} data-testid="entry-idempotency-key">
                {entry.idempotencyKey}
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                — (posted inside the console)
              </Text>
            )}
          </Field>
          <Field label="Entry id">
            <Text size="sm" className="mono">
              {entry.id}
            </Text>
          </Field>
        </Stack>
      )}
    </Drawer>
  );
}
