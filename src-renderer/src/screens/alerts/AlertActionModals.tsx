import { useState } from 'react';
import { Button, Group, Modal, NumberInput, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { invoke, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { closeProblem, MAX_SUPPRESSION_DAYS, MIN_REASON, OUTCOME_LABELS, OUTCOMES, suppressionProblem, type AlertOutcome } from './alert-format';

/** Close one or many alerts with an outcome and a reason (the outcome feeds each rule's false-positive rate). */
export function CloseAlertsModal({ ids, opened, onClose, onClosed }: { readonly ids: readonly number[]; readonly opened: boolean; readonly onClose: () => void; readonly onClosed: (closed: number) => void }) {
  const [outcome, setOutcome] = useState<AlertOutcome | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | undefined>();
  const problem = closeProblem(ids, outcome, reason);
  const submit = async (): Promise<void> => {
    if (problem || !outcome) return;
    setBusy(true);
    const result = await invoke('monitoring.alerts.close', { ids: [...ids], outcome, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setReason('');
    setOutcome(null);
    setError(undefined);
    onClosed(result.value.closed);
  };
  return (
    <Modal opened={opened} onClose={onClose} title={ids.length === 1 ? `Close alert #${ids[0]}` : `Close ${ids.length} alerts`} size="lg">
      <Stack gap="sm" data-testid="close-alerts-modal">
        <ErrorAlert message={error?.message} />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Outcome
          </Text>
          <SegmentedControl
            value={outcome ?? ''}
            onChange={(v) => setOutcome(v as AlertOutcome)}
            data={OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))}
            data-testid="close-outcome"
          />
          <Text size="xs" c="dimmed">
            False positives count against the rule’s precision in backtests; valuable alerts and confirmed risk count for it.
          </Text>
        </Stack>
        <Textarea label="Reason" description={`At least ${MIN_REASON} characters; kept with each alert and in the audit trail.`} autosize minRows={3} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="close-reason" />
        <Group justify="space-between" wrap="nowrap">
          <Text size="xs" c={problem ? 'dimmed' : 'teal'} data-testid="close-problem">
            {problem ?? 'Ready to close.'}
          </Text>
          <Button color="red" onClick={() => void submit()} disabled={problem !== undefined} loading={busy} data-testid="close-submit">
            Close {ids.length === 1 ? 'alert' : `${ids.length} alerts`}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Open a case from alerts; the case screen opens on it. */
export function OpenCaseModal({ ids, defaultTitle, opened, onClose, onOpened }: { readonly ids: readonly number[]; readonly defaultTitle: string; readonly opened: boolean; readonly onClose: () => void; readonly onOpened: (caseId: string) => void }) {
  const [title, setTitle] = useState(defaultTitle);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | undefined>();
  const submit = async (): Promise<void> => {
    setBusy(true);
    const result = await invoke('cases.create', { alertIds: [...ids], title: title.trim() });
    setBusy(false);
    if (!result.ok) setError(result.error);
    else onOpened(result.value.case.id);
  };
  return (
    <Modal opened={opened} onClose={onClose} title={ids.length === 1 ? `Open a case from alert #${ids[0]}` : `Open a case from ${ids.length} alerts`} size="lg">
      <Stack gap="sm" data-testid="open-case-modal">
        <ErrorAlert message={error?.message} />
        <TextInput label="Case title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} data-testid="case-title" />
        <Text size="xs" c="dimmed">
          The SAR filing deadline runs from the earliest alert’s detection. Each alert joins the case.
        </Text>
        <Group justify="flex-end">
          <Button onClick={() => void submit()} disabled={title.trim().length < 3} loading={busy} data-testid="open-case-submit">
            Open case
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Suppress one rule for one customer, from a case: never silent (hits are still recorded as suppressed). */
export function SuppressModal({
  customerId,
  ruleId,
  ruleTitle,
  caseId,
  opened,
  onClose,
  onDone,
}: {
  readonly customerId: string;
  readonly ruleId: string;
  readonly ruleTitle: string;
  readonly caseId: string | null;
  readonly opened: boolean;
  readonly onClose: () => void;
  readonly onDone: (until: string) => void;
}) {
  const [days, setDays] = useState<number | string>(30);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | undefined>();
  const problem = suppressionProblem(days, reason, caseId);
  const submit = async (): Promise<void> => {
    if (problem || !caseId) return;
    setBusy(true);
    const result = await invoke('monitoring.suppressions.create', { customerId, ruleId, days: Number(days), reason: reason.trim(), caseId });
    setBusy(false);
    if (!result.ok) setError(result.error);
    else onDone(result.value.suppression.until);
  };
  return (
    <Modal opened={opened} onClose={onClose} title={`Suppress “${ruleTitle}” for ${customerId}`} size="lg">
      <Stack gap="sm" data-testid="suppress-modal">
        <ErrorAlert message={error?.message} />
        <Text size="sm">
          New hits of this rule for this customer are still recorded, as <b>suppressed</b>, and stay visible under that state; they do not enter the open queue until the suppression ends or is
          revoked.
        </Text>
        <NumberInput label="Days" description={`1 to ${MAX_SUPPRESSION_DAYS}`} min={1} max={MAX_SUPPRESSION_DAYS} value={days} onChange={setDays} w={160} data-testid="suppress-days" />
        <Textarea label="Reason" description={`At least ${MIN_REASON} characters, from the reviewed case ${caseId ?? ''}`} autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="suppress-reason" />
        <Group justify="space-between" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {problem ?? ''}
          </Text>
          <Button color="grape" onClick={() => void submit()} disabled={problem !== undefined} loading={busy} data-testid="suppress-submit">
            Suppress
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
