import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Anchor, Badge, Button, Card, Collapse, DataList, Drawer, Group, Loader, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconChevronDown, IconChevronRight, IconLockAccess, IconScale, IconShieldLock, IconX } from '@tabler/icons-react';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatUtc } from '../../lib/format';
import { Amount } from './Amount';
import { ExceptionStateBadge } from './ReconciliationTab';
import { decimalsOf, useLedger } from './ledger-context';
import { decimalInput } from './ledger-format';
import { adjustmentAmountProblem, evidenceOf, exceptionState, noteProblem, type AdjustmentView, type ExceptionView } from './ledger-query';
import classes from './ledger.module.css';

type ExceptionDetail = CommandOutput<'reconciliation.exceptions.get'>;

/** A refused action, said plainly; the four-eyes refusal gets its own title so nobody misreads it. */
function Refusal({ error, onClose }: { error: WireError | undefined; onClose: () => void }) {
  if (!error) return null;
  const fourEyes = error.code === 'FORBIDDEN' && /four-eyes/i.test(error.message);
  return (
    <Alert
      variant="light"
      color="red"
      title={fourEyes ? 'Refused: four-eyes rule' : 'Refused'}
      icon={fourEyes ? <IconShieldLock size={18} /> : <IconAlertTriangle size={18} />}
      role="alert"
      data-testid="exception-action-error"
      data-code={error.code}
      withCloseButton
      onClose={onClose}
    >
      {error.message}
      {fourEyes && (
        <Text size="sm" mt={4}>
          Another custody officer or compliance officer must sign in and approve it.
        </Text>
      )}
    </Alert>
  );
}

function Evidence({ exception }: { exception: ExceptionView }) {
  const { nav } = useLedger();
  const [raw, setRaw] = useState(false);
  const ev = evidenceOf(exception.evidence);
  const row = (label: string, value: ReactNode, testId?: string) => (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue data-testid={testId}>{value}</DataList.ItemValue>
    </DataList.Item>
  );
  return (
    <Card withBorder radius="md" padding="sm" data-testid="exception-evidence">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3} mb={6}>
        Evidence
      </Text>
      <DataList size="sm" labelWidth="150px" gap={6}>
        {row(
          'Account',
          <Anchor component="button" size="sm" className="mono" onClick={() => nav.openAccount(exception.accountId)}>
            {exception.accountCode}
          </Anchor>,
        )}
        {row('Chain balance', ev.chainBalance === null ? '—' : <Amount value={ev.chainBalance} assetId={exception.assetId} unit />, 'evidence-chain')}
        {row('Ledger balance', ev.ledgerBalance === null ? '—' : <Amount value={ev.ledgerBalance} assetId={exception.assetId} unit />, 'evidence-ledger')}
        {row(
          'Difference',
          <b>
            <Amount value={exception.difference} assetId={exception.assetId} signed tone unit />
          </b>,
          'evidence-difference',
        )}
        {row('Block height', <span className="mono">{ev.blockHeight ?? '—'}</span>, 'evidence-block')}
        {row('As of (UTC)', <span className="mono">{formatUtc(ev.asOf)}</span>, 'evidence-as-of')}
        {row('Source', ev.source ?? '—', 'evidence-source')}
        {ev.utxoCount !== null && row('UTXOs in snapshot', ev.utxoCount)}
        {row('Kind', exception.kind === 'balance_mismatch' ? 'Balance mismatch' : 'Reorg shortfall')}
        {row('Opened (UTC)', <span className="mono">{formatUtc(exception.openedAt)}</span>)}
      </DataList>
      <Anchor component="button" size="xs" mt={6} onClick={() => setRaw((v) => !v)}>
        <Group gap={2}>
          {raw ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />} Evidence as recorded
        </Group>
      </Anchor>
      <Collapse expanded={raw}>
        <div className={classes.evidence}>{JSON.stringify(exception.evidence, null, 2)}</div>
      </Collapse>
    </Card>
  );
}

/** The evidence in one line, under the difference. */
function Summary({ exception }: { exception: ExceptionView }) {
  const ev = evidenceOf(exception.evidence);
  return (
    <Text size="xs" c="dimmed">
      {ev.chainBalance !== null && ev.ledgerBalance !== null && (
        <>
          chain <Amount value={ev.chainBalance} assetId={exception.assetId} /> vs ledger <Amount value={ev.ledgerBalance} assetId={exception.assetId} />
        </>
      )}
      {ev.blockHeight !== null && ` · block ${ev.blockHeight}`}
      {ev.asOf !== null && ` · as of ${formatUtc(ev.asOf)} UTC`}
    </Text>
  );
}

function Adjustment({ adjustment, assetId }: { adjustment: AdjustmentView; assetId: string }) {
  const { operatorName, nav } = useLedger();
  const [finding, setFinding] = useState(false);
  const color = adjustment.status === 'approved' ? 'teal' : adjustment.status === 'rejected' ? 'gray' : 'yellow';
  const label = adjustment.status === 'approved' ? 'Approved' : adjustment.status === 'rejected' ? 'Rejected' : 'Awaiting approval';

  // The adjustment names its entry by seq; ledger.entries.list below seq + 1 finds its id.
  const openEntry = async (seq: number): Promise<void> => {
    setFinding(true);
    const result = await invoke('ledger.entries.list', { beforeSeq: seq + 1, limit: 1 });
    setFinding(false);
    const entry = result.ok ? result.value.entries[0] : undefined;
    if (entry?.seq === seq) nav.openEntry(entry.id);
  };

  return (
    <Card withBorder radius="md" padding="sm" data-testid="adjustment" data-status={adjustment.status} data-adjustment-id={adjustment.id}>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <IconScale size={16} />
          <Text fw={600} size="sm">
            Adjustment <Amount value={adjustment.amount} assetId={assetId} signed unit testId="adjustment-amount" />
          </Text>
        </Group>
        <Badge size="sm" variant="light" color={color} tt="none">
          {label}
        </Badge>
      </Group>
      <Text size="sm" mt={6}>
        “{adjustment.note}”
      </Text>
      <Text size="xs" c="dimmed" mt={6} data-testid="adjustment-proposed-by">
        Proposed by {operatorName(adjustment.proposedBy)} at {formatUtc(adjustment.proposedAt)} UTC
      </Text>
      {adjustment.decidedBy && (
        <Text size="xs" c="dimmed" data-testid="adjustment-decided-by">
          {adjustment.status === 'approved' ? 'Approved' : 'Rejected'} by {operatorName(adjustment.decidedBy)} at {formatUtc(adjustment.decidedAt)} UTC
          {adjustment.decisionNote ? `: “${adjustment.decisionNote}”` : ''}
        </Text>
      )}
      {adjustment.entrySeq !== null && (
        <Group gap={4} mt={4}>
          <Anchor component="button" size="xs" onClick={() => void openEntry(adjustment.entrySeq!)} data-testid="adjustment-entry">
            Posted as journal entry #{adjustment.entrySeq}
          </Anchor>
          {finding && <Loader size={10} />}
        </Group>
      )}
    </Card>
  );
}

/** Approve or reject a proposed adjustment: the second pair of eyes. */
function Decide({ adjustment, assetId, onStart, onDone }: { adjustment: AdjustmentView; assetId: string; onStart: () => void; onDone: (message: string) => void }) {
  const { myOperatorId } = useLedger();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>();
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [error, setError] = useState<WireError | undefined>();
  const mine = adjustment.proposedBy === myOperatorId;

  async function decide(action: 'approve' | 'reject'): Promise<void> {
    const problem = noteProblem(note, action === 'reject');
    setNoteError(problem);
    if (problem) return;
    onStart();
    setBusy(action);
    const result =
      action === 'approve'
        ? await invoke('reconciliation.adjustments.approve', { adjustmentId: adjustment.id, note: note.trim() })
        : await invoke('reconciliation.adjustments.reject', { adjustmentId: adjustment.id, note: note.trim() });
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    onDone(action === 'approve' ? 'Adjustment approved: the entry is posted and the exception resolved.' : 'Adjustment rejected: the exception stays open.');
  }

  return (
    <Card withBorder radius="md" padding="sm" bg="var(--mantine-color-yellow-0)" data-testid="decide-adjustment">
      <Text fw={600} size="sm" mb={6}>
        Second approval needed
      </Text>
      <Adjustment adjustment={adjustment} assetId={assetId} />
      <Text size="sm" c="dimmed" mt={6}>
        Approving posts <Amount value={adjustment.amount} assetId={assetId} signed unit /> to the wallet against suspense and resolves the exception.
      </Text>
      {mine && (
        <Text size="sm" c="orange.9" mt={6} data-testid="decide-own-proposal">
          You proposed this adjustment. Four-eyes: the console accepts an approval only from another officer.
        </Text>
      )}
      <Stack gap="xs" mt="sm">
        <Refusal error={error} onClose={() => setError(undefined)} />
        <Textarea
          label="Decision note"
          description="Optional to approve; at least 10 characters to reject"
          autosize
          minRows={2}
          maxRows={5}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={noteError}
          data-testid="decision-note"
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" color="red" leftSection={<IconX size={15} />} loading={busy === 'reject'} disabled={busy !== null} onClick={() => void decide('reject')} data-testid="reject-adjustment">
            Reject
          </Button>
          <Button color="teal" leftSection={<IconCheck size={15} />} loading={busy === 'approve'} disabled={busy !== null} onClick={() => void decide('approve')} data-testid="approve-adjustment">
            Approve
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Resolve an open exception: explain it (no entry), or propose a correcting adjustment. */
function Resolve({ exception, onStart, onDone }: { exception: ExceptionView; onStart: () => void; onDone: (message: string) => void }) {
  const { assets } = useLedger();
  const decimals = decimalsOf(assets, exception.assetId) ?? 0;
  const [mode, setMode] = useState<'propose' | 'explain'>('propose');
  const [amount, setAmount] = useState(() => decimalInput(exception.difference, decimals));
  const [note, setNote] = useState('');
  const [fields, setFields] = useState<{ amount?: string | undefined; note?: string | undefined }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | undefined>();

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const problems = { note: noteProblem(note), amount: mode === 'propose' ? adjustmentAmountProblem(amount, decimals) : undefined };
    setFields(problems);
    if (problems.note || problems.amount) return;
    onStart();
    setBusy(true);
    const result =
      mode === 'propose'
        ? await invoke('reconciliation.adjustments.propose', { exceptionId: exception.id, amount: amount.trim(), note: note.trim() })
        : await invoke('reconciliation.exceptions.explain', { id: exception.id, note: note.trim() });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      const issues = result.error.issues ?? [];
      setFields({ amount: issues.find((i) => i.path === 'amount')?.message, note: issues.find((i) => i.path === 'note')?.message });
      return;
    }
    setError(undefined);
    setNote('');
    onDone(mode === 'propose' ? 'Adjustment proposed. Another officer must approve it.' : 'Exception resolved with your explanation.');
  }

  return (
    <Card withBorder radius="md" padding="sm" data-testid="resolve-exception">
      <Text fw={600} size="sm" mb={6}>
        Resolve
      </Text>
      <SegmentedControl
        fullWidth
        size="xs"
        value={mode}
        onChange={(v) => {
          setMode(v === 'explain' ? 'explain' : 'propose');
          setFields({});
          setError(undefined);
        }}
        data={[
          { value: 'propose', label: 'Propose adjustment' },
          { value: 'explain', label: 'Explain (no entry)' },
        ]}
        data-testid="resolve-mode"
      />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="xs" mt="sm">
          <Refusal error={error} onClose={() => setError(undefined)} />
          {mode === 'propose' ? (
            <>
              <Text size="xs" c="dimmed">
                Posts the amount to {exception.accountCode} (positive raises it) against SUSPENSE/{exception.assetId}, once a second officer approves. The default is the difference, which brings the ledger to the chain’s balance.
              </Text>
              <TextInput
                label={`Amount (${exception.assetId}, signed)`}
                value={amount}
                onChange={(e) => setAmount(e.currentTarget.value)}
                error={fields.amount}
                className="mono"
                spellCheck={false}
                data-testid="adjustment-amount-input"
              />
            </>
          ) : (
            <Text size="xs" c="dimmed">
              Closes the exception without an entry, for a difference that needs none (a snapshot taken mid-sweep, say). Your note is kept with the exception.
            </Text>
          )}
          <Textarea
            label="Note"
            description="Why: at least 10 characters; kept with the exception and in the audit trail"
            autosize
            minRows={2}
            maxRows={6}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={fields.note}
            data-testid="resolve-note"
          />
          <Group justify="flex-end">
            <Button type="submit" loading={busy} color={mode === 'propose' ? undefined : 'gray'} data-testid="resolve-submit">
              {mode === 'propose' ? 'Propose adjustment' : 'Resolve with explanation'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** One reconciliation exception: its evidence, its adjustments, and what this operator may do about it. */
export function ExceptionDrawer({ exceptionId }: { exceptionId: string | null }) {
  const { nav, canReconcile, operatorName, bumpRevision, revision } = useLedger();
  const [detail, setDetail] = useState<ExceptionDetail | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  // Said inside the drawer rather than as a toast: a toast would sit over the drawer's buttons.
  const [success, setSuccess] = useState<{ readonly id: string; readonly message: string } | undefined>();

  // A new `revision` (this drawer's own action, Refresh, a change elsewhere) reloads the exception.
  useEffect(() => {
    if (!exceptionId) return;
    let live = true;
    void invoke('reconciliation.exceptions.get', { id: exceptionId }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setDetail(result.value);
        setError(undefined);
      } else {
        setError(result.error);
      }
    });
    return () => {
      live = false;
    };
  }, [exceptionId, revision]);

  const done = useCallback(
    (message: string) => {
      if (exceptionId) setSuccess({ id: exceptionId, message });
      bumpRevision();
    },
    [bumpRevision, exceptionId],
  );

  const clearSuccess = useCallback(() => setSuccess(undefined), []);

  const current = detail && detail.exception.id === exceptionId ? detail : undefined;
  const exception = current?.exception;
  const pending = current?.adjustments.find((a) => a.status === 'proposed');
  const state = exception ? exceptionState(exception, pending !== undefined) : undefined;
  // A proposal waiting for this operator's decision is shown in the decision card, not twice.
  const history = (current?.adjustments ?? []).filter((a) => !(canReconcile && a.id === pending?.id));

  return (
    <Drawer
      opened={exceptionId !== null}
      onClose={() => nav.openException(null)}
      position="right"
      size={600}
      title={
        <Group gap="sm">
          <Text fw={600}>Reconciliation exception</Text>
          {state && <ExceptionStateBadge state={state} />}
        </Group>
      }
    >
      <ErrorAlert message={error?.message} title="Could not load the exception" />
      {!current && !error && <Loader size="sm" />}
      {current && exception && (
        <Stack gap="md" data-testid="exception-detail" data-exception-id={exception.id} data-state={state}>
          <Stack gap={0}>
            <Group justify="space-between" wrap="nowrap">
              <Text size="xs" c="dimmed">
                Chain − ledger on {exception.accountCode}
              </Text>
              <Text size="xs" c="dimmed" className="mono">
                {exception.id}
              </Text>
            </Group>
            <Text fz={24} fw={700} lh={1.3}>
              <Amount value={exception.difference} assetId={exception.assetId} signed tone unit />
            </Text>
            <Summary exception={exception} />
          </Stack>
          {success?.id === exception.id && (
            <Alert variant="light" color="teal" icon={<IconCheck size={18} />} withCloseButton onClose={() => setSuccess(undefined)} data-testid="exception-action-done">
              {success.message}
            </Alert>
          )}
          {exception.status === 'resolved' && (
            <Alert variant="light" color={exception.resolution === 'adjusted' ? 'teal' : 'gray'} title={exception.resolution === 'adjusted' ? 'Resolved by an adjustment' : 'Resolved with an explanation'} data-testid="exception-resolution">
              <Text size="sm">{exception.note}</Text>
              <Text size="xs" c="dimmed" mt={4}>
                {exception.resolvedBy ? `by ${operatorName(exception.resolvedBy)}` : ''} at {formatUtc(exception.resolvedAt)} UTC
              </Text>
            </Alert>
          )}
          {exception.status === 'open' &&
            (canReconcile ? (
              pending ? (
                <Decide key={pending.id} adjustment={pending} assetId={exception.assetId} onStart={clearSuccess} onDone={done} />
              ) : (
                <Resolve key={exception.id} exception={exception} onStart={clearSuccess} onDone={done} />
              )
            ) : (
              <Alert variant="light" color="gray" icon={<IconLockAccess size={18} />} data-testid="exception-read-only">
                Custody officers and compliance officers resolve exceptions; your role can read them.
              </Alert>
            ))}
          <Evidence exception={exception} />
          {history.length > 0 && (
            <Stack gap="xs">
              <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
                {pending && canReconcile ? 'Earlier adjustments' : 'Adjustments'}
              </Text>
              {history.map((a) => (
                <Adjustment key={a.id} adjustment={a} assetId={exception.assetId} />
              ))}
            </Stack>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
