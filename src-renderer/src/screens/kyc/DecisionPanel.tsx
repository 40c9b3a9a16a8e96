import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { invoke, type WireError } from '../../api';
import { fieldErrors } from '../../lib/errors';
import { approvalNeeds, reasonProblem, type CustomerDetail, type KycStatus } from './kyc-format';

type Decision = 'approve' | 'reject' | 'information';

const DECISIONS: readonly { readonly value: Decision; readonly label: string }[] = [
  { value: 'approve', label: 'Approve' },
  { value: 'information', label: 'Request information' },
  { value: 'reject', label: 'Reject' },
];

/** The bus's refusal in its own words (field issues also show beside their fields). */
function Refusal({ error }: { error: WireError }) {
  return (
    <Alert color="red" variant="light" title="Refused" data-testid="kyc-refusal" data-code={error.code} role="alert">
      <Text size="sm" data-testid="kyc-refusal-message">
        {error.message}
      </Text>
    </Alert>
  );
}

/**
 * Approve, reject or ask for more information. Approval under enhanced due diligence asks for the
 * source of funds and of wealth and says that only a compliance officer may give it; the core
 * judges on a fresh assessment and its refusal is shown as it said it.
 */
export function DecisionPanel({ detail, isOfficer, onDecided }: { detail: CustomerDetail; isOfficer: boolean; onDecided: (status: KycStatus, notice: string) => void }) {
  const c = detail.customer;
  const needs = approvalNeeds(detail, isOfficer);
  const [decision, setDecision] = useState<Decision>('approve');
  const [text, setText] = useState('');
  const [funds, setFunds] = useState(c.eddSourceOfFunds ?? '');
  const [wealth, setWealth] = useState(c.eddSourceOfWealth ?? '');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | undefined>();

  const eddProblems = needs.edd ? { funds: reasonProblem(funds, 'the source of funds'), wealth: reasonProblem(wealth, 'the source of wealth') } : { funds: undefined, wealth: undefined };
  const textProblem = decision === 'approve' ? undefined : reasonProblem(text, decision === 'reject' ? 'the reason' : 'what is needed');
  const issues = fieldErrors(error);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    if (textProblem || (decision === 'approve' && (eddProblems.funds || eddProblems.wealth))) return;
    setBusy(true);
    setError(undefined);
    const customerId = c.id;
    let result: { ok: true; status: KycStatus; notice: string } | { ok: false; error: WireError };
    if (decision === 'approve') {
      const note = text.trim();
      const r = await invoke('kyc.customers.approve', { customerId, ...(note ? { note } : {}), ...(needs.edd ? { edd: { sourceOfFunds: funds.trim(), sourceOfWealth: wealth.trim() } } : {}) });
      result = r.ok ? { ok: true, status: r.value.customer.status, notice: `Approved${needs.edd ? ' under enhanced due diligence' : ''}; next review on ${r.value.customer.nextReviewAt?.slice(0, 10) ?? '—'}.` } : { ok: false, error: r.error };
    } else if (decision === 'reject') {
      const r = await invoke('kyc.customers.reject', { customerId, reason: text.trim() });
      result = r.ok ? { ok: true, status: r.value.customer.status, notice: 'Rejected; the reason is recorded in the file’s history.' } : { ok: false, error: r.error };
    } else {
      const r = await invoke('kyc.customers.requestInformation', { customerId, reason: text.trim() });
      result = r.ok ? { ok: true, status: r.value.customer.status, notice: 'Information requested; the file waits for the customer’s answer.' } : { ok: false, error: r.error };
    }
    setBusy(false);
    if (result.ok) {
      setText('');
      setTouched(false);
      onDecided(result.status, result.notice);
    } else setError(result.error);
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="kyc-decision-form" data-decision={decision}>
      <Stack gap="sm">
        <SegmentedControl
          value={decision}
          onChange={(v) => {
            setDecision(DECISIONS.find((d) => d.value === v)?.value ?? 'approve');
            setError(undefined);
            setTouched(false);
          }}
          data={DECISIONS.map((d) => ({ value: d.value, label: d.label }))}
          data-testid="kyc-decision"
          w={440}
        />
        {decision === 'approve' && needs.openHits > 0 && (
          <Alert color="orange" variant="light" icon={<IconInfoCircle size={16} />} data-testid="kyc-open-hits-note">
            {needs.openHits === 1 ? 'One screening hit is' : `${needs.openHits} screening hits are`} still open: resolve {needs.openHits === 1 ? 'it' : 'them'} above before approving.
          </Alert>
        )}
        {decision === 'approve' && needs.edd && (
          <Alert color="grape" variant="light" icon={<IconInfoCircle size={16} />} title="Enhanced due diligence" data-testid="kyc-edd-note">
            <Text size="sm">
              Applies because: {detail.edd.reasons.join('; ')}.{needs.officerOnly ? ' Only a compliance officer (MLRO) may approve this customer' : ''}
              {needs.blockedForMe ? ' — you are not one, so the console will refuse your approval.' : needs.officerOnly ? '.' : ''} Record the source of funds and the source of wealth below.
            </Text>
          </Alert>
        )}
        {decision === 'approve' && needs.edd && (
          <>
            <Textarea
              label="Source of funds"
              description="Where the money the customer will move comes from, and what evidences it."
              autosize
              minRows={2}
              value={funds}
              onChange={(e) => setFunds(e.currentTarget.value)}
              error={(touched ? eddProblems.funds : undefined) ?? issues['edd.sourceOfFunds']}
              data-testid="kyc-edd-funds"
            />
            <Textarea
              label="Source of wealth"
              description="How the customer came by their overall wealth, and what evidences it."
              autosize
              minRows={2}
              value={wealth}
              onChange={(e) => setWealth(e.currentTarget.value)}
              error={(touched ? eddProblems.wealth : undefined) ?? issues['edd.sourceOfWealth']}
              data-testid="kyc-edd-wealth"
            />
          </>
        )}
        <Textarea
          label={decision === 'approve' ? 'Note (optional)' : decision === 'reject' ? 'Reason for rejecting' : 'What is needed from the customer'}
          autosize
          minRows={2}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={(touched ? textProblem : undefined) ?? issues.reason ?? issues.note}
          data-testid="kyc-decision-text"
        />
        {error && <Refusal error={error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={busy} color={decision === 'reject' ? 'red' : decision === 'information' ? 'orange' : 'teal'} data-testid="kyc-decision-submit">
            {decision === 'approve' ? (needs.edd ? 'Approve with EDD' : 'Approve customer') : decision === 'reject' ? 'Reject customer' : 'Request information'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
