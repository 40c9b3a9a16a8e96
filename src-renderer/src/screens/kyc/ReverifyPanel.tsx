import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { invoke, type WireError } from '../../api';
import { fieldErrors } from '../../lib/errors';
import { reasonProblem, type CustomerDetail, type KycStatus } from './kyc-format';

/**
 * Re-verification of an approved file (the periodic review the "reviews due" list calls for): the
 * file goes back to the queue with the reason, screened and scored again by the core; its history
 * stays, and withdrawals go on until the review is overdue past the grace period.
 */
export function ReverifyPanel({ detail, onStarted }: { detail: CustomerDetail; onStarted: (status: KycStatus, notice: string) => void }) {
  const c = detail.customer;
  const [reason, setReason] = useState(c.reviewReason ? `Periodic review: ${c.reviewReason}` : 'Periodic review');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | undefined>();
  const problem = reasonProblem(reason, 'the reason for the review');

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(undefined);
    const r = await invoke('kyc.customers.reverify', { customerId: c.id, reason: reason.trim() });
    setBusy(false);
    if (r.ok) onStarted(r.value.customer.status, `Re-verification started: the file is back in the queue (${r.value.customer.riskLevel ?? 'unscored'} risk after a fresh screening and score).`);
    else setError(r.error);
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="kyc-reverify-form">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Sends the approved file back to the review queue with this reason. It is screened against the active lists and scored again with what the console has seen; withdrawals continue until the review is overdue past the grace period.
        </Text>
        <Textarea label="Reason" autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={(touched ? problem : undefined) ?? fieldErrors(error).reason} data-testid="kyc-reverify-reason" />
        {error && (
          <Alert color="red" variant="light" title="Refused" role="alert" data-testid="kyc-reverify-refusal">
            {error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={busy} color="indigo" data-testid="kyc-reverify-submit">
            Start re-verification
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
