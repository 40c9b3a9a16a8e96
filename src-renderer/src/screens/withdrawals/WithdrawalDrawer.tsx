import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Anchor, Badge, Button, Card, Center, Collapse, DataList, Drawer, Group, Loader, PasswordInput, Progress, Stack, Table, Text, Textarea } from '@mantine/core';
import {
  IconAlertTriangle,
  IconChevronDown,
  IconChevronRight,
  IconCircleCheck,
  IconCircleX,
  IconInfoCircle,
  IconPackageExport,
  IconShieldCheck,
  IconShieldLock,
  IconSignature,
  IconX,
} from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { invoke, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatUtc } from '../../lib/format';
import { clearSecrets, takeFields } from '../../lib/secret-fields';
import { useSession } from '../../stores/session.store';
import { MinorAmount } from './MinorAmount';
import { StateBadge } from './StateBadge';
import {
  approvalProgress,
  approvalRefusal,
  checkTitle,
  customerRiskOf,
  deadlineOf,
  formatUsdCents,
  isPinRefusal,
  missingText,
  OPEN_STATES,
  originText,
  payloadTitle,
  signRefusal,
  priceAgeWarning,
  requiredText,
  roleName,
  SIGNED_STATES,
  unitPriceOf,
  valuationOf,
  type Precheck,
  type WalletView,
  type WithdrawalDetail,
  type WithdrawalView,
} from './withdrawal-format';
import { APPROVERS, holdsAny, SIGNERS } from './withdrawal-roles';
import type { AssetInfo } from './useWithdrawalQueue';
import classes from './withdrawals.module.css';

/** A keyboard shortcut asked the drawer to put focus on an action (a, r, s). `n` makes each request new. */
export interface FocusRequest {
  readonly target: 'approve' | 'reject' | 'sign';
  readonly n: number;
}

type Action = 'approve' | 'reject' | 'sign';

interface Props {
  readonly id: string | null;
  readonly focus: FocusRequest | undefined;
  readonly assets: ReadonlyMap<string, AssetInfo>;
  readonly wallets: readonly WalletView[];
  readonly onClose: () => void;
  /** A withdrawal changed through this drawer (approved, rejected, signed). */
  readonly onChanged: (w: WithdrawalView) => void;
}

const REASON_MIN = 10;

function Section({ title, children, testId, extra }: { title: string; children: ReactNode; testId: string; extra?: ReactNode }) {
  return (
    // The drawer's title bar stays on top: a section scrolled to the top lands below it.
    <Card withBorder radius="md" padding="sm" data-testid={testId} style={{ scrollMarginTop: 72 }}>
      <Group justify="space-between" mb={6}>
        <Text className={classes.sectionTitle}>{title}</Text>
        {extra}
      </Group>
      {children}
    </Card>
  );
}

function row(label: string, value: ReactNode, testId?: string) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue data-testid={testId}>{value}</DataList.ItemValue>
    </DataList.Item>
  );
}

/** The destination whole, in groups of four for reading aloud; copying it gives the address as it is. */
function Destination({ address }: { address: string }) {
  const groups: string[] = [];
  for (let i = 0; i < address.length; i += 4) groups.push(address.slice(i, i + 4));
  return (
    <div className={classes.destination} data-testid="detail-destination" data-address={address} title={address}>
      {groups.map((g, i) => (
        <span key={i} style={{ marginRight: i < groups.length - 1 ? '0.3em' : undefined }}>
          {g}
        </span>
      ))}
    </div>
  );
}

/** One check on one line: outcome, name, and the core's own words. The customer's KYC/risk check says so. */
function CheckLine({ check, customerRisk = false }: { check: Precheck; customerRisk?: boolean }) {
  const pass = check.outcome === 'pass';
  return (
    <div className={classes.check} data-testid="precheck" data-name={check.name} data-outcome={check.outcome} data-customer-risk={customerRisk ? '' : undefined}>
      {pass ? <IconCircleCheck size={16} color="var(--mantine-color-teal-6)" /> : <IconCircleX size={16} color="var(--mantine-color-red-6)" />}
      <Text size="sm" fw={600} c={pass ? undefined : 'red.8'}>
        {checkTitle(check.name)}
        {customerRisk && (
          <Text span size="xs" c="dimmed" fw={400}>
            {' '}
            (customer risk)
          </Text>
        )}
      </Text>
      <Text size="sm" c={pass ? 'dimmed' : 'red.8'} style={{ wordBreak: 'break-word' }}>
        {check.detail}
      </Text>
    </div>
  );
}

function Prechecks({ detail }: { detail: WithdrawalDetail }) {
  const w = detail.withdrawal;
  const risk = customerRiskOf(detail.prechecks);
  const blocked = detail.prechecks.filter((p) => p.outcome === 'block').length;
  return (
    <Section
      title="Checks before approval"
      testId="prechecks"
      extra={
        <Badge size="sm" variant="light" color={blocked > 0 ? 'red' : 'teal'} tt="none">
          {blocked > 0 ? `${blocked} blocked` : `all ${detail.prechecks.length} passed`}
        </Badge>
      }
    >
      <Stack gap={4}>
        {detail.prechecks.map((p) => (
          <CheckLine key={p.name} check={p} customerRisk={p === risk} />
        ))}
        {!risk && (
          <div className={classes.check} data-customer-risk="" data-outcome="none">
            <IconInfoCircle size={16} color="var(--mantine-color-gray-6)" />
            <Text size="sm" fw={600}>
              Customer risk
            </Text>
            <Text size="sm" c="dimmed">
              {w.customerId ? `No risk rating was reported for ${w.customerId}: no customer-risk check ran on this withdrawal.` : 'None: a treasury move between the firm’s own funds has no customer.'}
            </Text>
          </div>
        )}
      </Stack>
    </Section>
  );
}

function Quorum({ detail, myId }: { detail: WithdrawalDetail; myId: string | undefined }) {
  const w = detail.withdrawal;
  const progress = approvalProgress(detail.approvals, detail.required);
  const now = Date.now();
  if (detail.required.length === 0) {
    return (
      <Section title="Approvals" testId="quorum">
        <Text size="sm" c="dimmed">
          No approvals: the withdrawal was stopped before it reached approvers{w.ruleName ? '' : ' (no policy rule matched)'}.
        </Text>
      </Section>
    );
  }
  const complete = detail.missing.length === 0;
  const closed = !OPEN_STATES.includes(w.state) && !SIGNED_STATES.includes(w.state);
  const summary = closed
    ? w.state === 'blocked'
      ? 'Blocked before approval: it takes no approvals.'
      : `${w.state === 'rejected' ? 'Rejected' : 'Expired'}: it takes no more approvals and will not be signed.`
    : complete
      ? SIGNED_STATES.includes(w.state)
        ? 'The quorum held when it was signed.'
        : 'Quorum complete: a custody officer can sign.'
      : `Still needed: ${missingText(detail.missing)}.`;
  return (
    <Section
      title="Approvals"
      testId="quorum"
      extra={
        <Text size="sm" fw={600} data-testid="quorum-progress">
          {progress.valid} of {progress.needed}
        </Text>
      }
    >
      <Stack gap={8}>
        <Text size="sm">
          Rule <b>“{w.ruleName}”</b> of policy version {w.policyVersion} requires <b data-testid="quorum-required">{requiredText(detail.required)}</b>.
        </Text>
        {!closed && <Progress value={progress.needed === 0 ? 0 : (100 * progress.valid) / progress.needed} color={complete ? 'teal' : 'yellow'} size="sm" />}
        {detail.approvals.length > 0 ? (
          <Table verticalSpacing={4} fz="sm" data-testid="approvals">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Approver</Table.Th>
                <Table.Th>As</Table.Th>
                <Table.Th>Signed (UTC)</Table.Th>
                <Table.Th>Valid for</Table.Th>
                <Table.Th>Signature</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.approvals.map((a) => {
                const expiry = deadlineOf(a.expiresAt, now);
                return (
                  <Table.Tr key={a.operatorId} data-testid="approval-row" data-username={a.username} data-valid={a.valid ? 'true' : 'false'}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {a.username}
                      {a.operatorId === myId && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          (you)
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.role === 'compliance_officer' ? 'MLRO' : roleName(a.role)}</Table.Td>
                    <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>
                      {formatUtc(a.approvedAt)}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }} title={`until ${formatUtc(a.expiresAt)} UTC`}>
                      <Text span size="sm" c={expiry.overdue ? 'red' : undefined}>
                        {expiry.overdue ? 'expired' : expiry.text.replace(/^in /, '')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {a.valid ? (
                        <Badge size="sm" variant="light" color="teal" leftSection={<IconShieldCheck size={12} />} tt="none" title="The approver’s token signature and certificate verify against this exact withdrawal">
                          verified
                        </Badge>
                      ) : (
                        <Badge size="sm" variant="light" color="red" tt="none" title={a.problem ?? undefined}>
                          {a.problem ?? 'not valid'}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="dimmed">
            No approvals yet.
          </Text>
        )}
        <Text size="sm" fw={600} c={closed ? 'dimmed' : complete ? 'teal.8' : 'orange.8'} data-testid="quorum-missing">
          {summary}
        </Text>
      </Stack>
    </Section>
  );
}

/** Exactly what approvers sign and the HSM will sign: every field of the approval payload. */
function Payload({ detail, assets, wallets }: { detail: WithdrawalDetail; assets: ReadonlyMap<string, AssetInfo>; wallets: readonly WalletView[] }) {
  const w = detail.withdrawal;
  const asset = assets.get(w.assetId);
  const wallet = wallets.find((x) => x.id === w.walletId);
  const valuation = valuationOf(detail.prechecks);
  const price = unitPriceOf(w.usdCents, w.amount, detail.decimals);
  const deadline = deadlineOf(w.expiresAt, Date.now());
  const stale = valuation ? priceAgeWarning(valuation.asOf, w.createdAt) : undefined;
  return (
    <Section title={payloadTitle(w.state)} testId="signed-payload">
      <DataList size="sm" labelWidth="130px" gap={6}>
        {row('Asset', `${w.assetId}${asset ? ` on ${asset.network}` : ''}`, 'detail-asset')}
        {row(
          'Amount',
          <Group gap={6}>
            <b>
              <MinorAmount value={w.amount} assetId={w.assetId} decimals={detail.decimals} testId="detail-amount" />
            </b>
            <Text span size="xs" c="dimmed">
              {BigInt(w.amount).toLocaleString('en-US')} minor units
            </Text>
          </Group>,
        )}
        {row('Destination', <Destination address={w.destination} />)}
        {row(
          'Fee cap',
          <Group gap={6}>
            <MinorAmount value={w.feeCap} assetId={w.assetId} decimals={detail.decimals} testId="detail-fee-cap" />
            <Text span size="xs" c="dimmed">
              the most the network fee may be
            </Text>
          </Group>,
        )}
        {w.networkFee !== null && row('Network fee', <MinorAmount value={w.networkFee} assetId={w.assetId} decimals={detail.decimals} testId="detail-network-fee" />)}
        {row(
          'USD value',
          <Stack gap={0}>
            <Text span size="sm" fw={600} className="mono" data-testid="detail-usd" data-cents={w.usdCents}>
              {formatUsdCents(w.usdCents)} USD
            </Text>
            <Text span size="xs" c="dimmed">
              {price ? `at ${price} USD per ${w.assetId}` : 'no valuation'}
              {valuation ? ` · ${valuation.source}, ${formatUtc(valuation.asOf)} UTC` : ''}
            </Text>
            {stale && (
              <Text span size="xs" c="orange.8" data-testid="detail-price-age">
                Note: {stale}.
              </Text>
            )}
          </Stack>,
        )}
        {row('From wallet', wallet ? `${wallet.label} (${wallet.role}, ${wallet.scheme === 'hsm' ? 'HSM key per address' : 'HD seed in the HSM'})` : <span className="mono">{w.walletId}</span>, 'detail-wallet')}
        {row('Policy', `version ${w.policyVersion}${w.ruleName ? ` · rule “${w.ruleName}”` : ' · no rule matched'}`, 'detail-policy')}
        {row(
          'Expires',
          <Text span size="sm" c={deadline.overdue && OPEN_STATES.includes(w.state) ? 'red' : undefined}>
            <span className="mono">{formatUtc(w.expiresAt)}</span> UTC{OPEN_STATES.includes(w.state) ? ` (${deadline.text})` : ''}
          </Text>,
          'detail-expires',
        )}
        {row('Origin', originText(w), 'detail-origin')}
        {row('Request id', <span className="mono">{w.id}</span>)}
      </DataList>
    </Section>
  );
}

function ActionRefusal({ action, error, onClose }: { action: Action; error: WireError; onClose: () => void }) {
  const named = action === 'approve' ? approvalRefusal(error) : { kind: 'other', title: action === 'sign' ? 'Not signed' : 'Not rejected', hint: '' };
  const duty = named.kind === 'initiator' || named.kind === 'already';
  return (
    <Alert
      variant="light"
      color="red"
      title={named.title}
      icon={duty ? <IconShieldLock size={18} /> : <IconAlertTriangle size={18} />}
      role="alert"
      data-testid="withdrawal-refusal"
      data-code={error.code}
      data-kind={named.kind}
      withCloseButton
      onClose={onClose}
    >
      <Text size="sm" data-testid="withdrawal-refusal-message">
        {error.message}
      </Text>
      {named.hint && (
        <Text size="sm" mt={4}>
          {named.hint}
        </Text>
      )}
    </Alert>
  );
}

/**
 * One withdrawal: what will be signed, the checks it passed, the approvals so far and what is
 * still needed, and what the operator may do. The token PIN is read from an uncontrolled field at
 * submit and blanked in the same tick (lib/secret-fields): it never enters React state.
 */
export function WithdrawalDrawer({ id, focus, assets, wallets, onClose, onChanged }: Props) {
  const operator = useSession((s) => s.operator);
  const roles = operator?.roles ?? [];
  const canApprove = holdsAny(roles, APPROVERS);
  const canSign = holdsAny(roles, SIGNERS);
  const [detail, setDetail] = useState<WithdrawalDetail | undefined>();
  const [loadError, setLoadError] = useState<WireError | undefined>();
  const [reload, setReload] = useState(0);
  const [busy, setBusy] = useState<Action | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [refusal, setRefusal] = useState<{ action: Action; error: WireError } | undefined>();
  const [reason, setReason] = useState('');
  const [rawOpen, setRawOpen] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const signRef = useRef<HTMLButtonElement>(null);
  const handledFocus = useRef(0);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const signedRef = useRef<HTMLDivElement>(null);
  /** Where to look after an action: the outcome beside the actions, or the signed transaction at the top. */
  const [reveal, setReveal] = useState<'outcome' | 'signed' | undefined>();

  // Another withdrawal: nothing of the last one's outcome, reason or refusal stays on screen.
  useEffect(() => {
    setNotice(undefined);
    setRefusal(undefined);
    setReason('');
    setRawOpen(false);
  }, [id]);

  useEffect(() => {
    if (!id) return;
    let live = true;
    setLoadError(undefined);
    void invoke('custody.withdrawals.get', { id }).then((r) => {
      if (!live) return;
      if (r.ok) setDetail(r.value);
      else setLoadError(r.error);
    });
    return () => {
      live = false;
    };
  }, [id, reload]);

  // Only ever show the withdrawal asked for, never the previous one while the next loads.
  const shown = detail && detail.withdrawal.id === id ? detail : undefined;
  const w = shown?.withdrawal;
  const pending = w?.state === 'pending_approval';
  const rejectable = w !== undefined && OPEN_STATES.includes(w.state);
  const signable = w?.state === 'approved' && shown?.missing.length === 0;

  useEffect(() => {
    if (!focus || !shown || focus.n === handledFocus.current) return;
    handledFocus.current = focus.n;
    const target = focus.target === 'approve' ? pinRef.current : focus.target === 'reject' ? reasonRef.current : signRef.current;
    target?.focus();
  }, [focus, shown]);

  // The outcome of an action shows beside the actions, at the bottom: bring it into view; after a
  // signature, the signed transaction at the top is what to read.
  useEffect(() => {
    if (reveal === 'signed' && shown?.signedTx) {
      signedRef.current?.scrollIntoView({ block: 'start' });
      setReveal(undefined);
    } else if (reveal === 'outcome' && (notice || refusal)) {
      outcomeRef.current?.firstElementChild?.scrollIntoView({ block: 'nearest' });
      setReveal(undefined);
    }
  }, [reveal, shown, notice, refusal]);

  const done = (changed: WithdrawalView, text: string, show: 'outcome' | 'signed' = 'outcome'): void => {
    setNotice(text);
    setReveal(show);
    setReload((n) => n + 1);
    onChanged(changed);
  };

  async function approve(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (!id) return;
    const form = event.currentTarget;
    const { tokenPin } = takeFields(form, ['tokenPin'], ['tokenPin']);
    setNotice(undefined);
    setRefusal(undefined);
    if (tokenPin === '') {
      pinRef.current?.focus();
      return;
    }
    setBusy('approve');
    const r = await invoke('custody.withdrawals.approve', { id, tokenPin });
    clearSecrets(form);
    setBusy(undefined);
    if (r.ok) {
      done(r.value.withdrawal, r.value.quorumComplete ? 'Your approval is signed by your token and recorded. The quorum is complete: a custody officer can now have the HSM sign.' : 'Your approval is signed by your token and recorded.');
    } else {
      setRefusal({ action: 'approve', error: r.error });
      setReveal('outcome');
      if (isPinRefusal(r.error)) pinRef.current?.focus();
    }
  }

  async function reject(): Promise<void> {
    if (!id || reason.trim().length < REASON_MIN) return;
    setNotice(undefined);
    setRefusal(undefined);
    setBusy('reject');
    const r = await invoke('custody.withdrawals.reject', { id, reason: reason.trim() });
    setBusy(undefined);
    if (r.ok) {
      setReason('');
      done(r.value.withdrawal, 'Rejected. Its ledger hold is released; nothing will be signed.');
    } else {
      setRefusal({ action: 'reject', error: r.error });
      setReveal('outcome');
    }
  }

  async function sign(): Promise<void> {
    if (!id) return;
    setNotice(undefined);
    setRefusal(undefined);
    setBusy('sign');
    const r = await invoke('custody.withdrawals.sign', { id });
    setBusy(undefined);
    if (r.ok) done(r.value.withdrawal, `Signed by the HSM after the quorum was re-verified. Transaction ${r.value.txid} leaves in the next outbound bundle.`, 'signed');
    else {
      setRefusal({ action: 'sign', error: r.error });
      setReveal('outcome');
    }
  }

  const initiator = w !== undefined && operator !== null && w.initiator === operator.username;
  // Separation of duties at signing: the initiator never signs (the core refuses it too).
  const signBlocked = w === undefined ? undefined : signRefusal(w, operator?.username);
  const approvedAlready = shown?.approvals.some((a) => a.operatorId === operator?.id) ?? false;
  const needsMyRole = shown?.missing.some((m) => roles.includes(m.role as (typeof roles)[number])) ?? false;

  return (
    <Drawer
      opened={id !== null}
      onClose={onClose}
      position="right"
      size={660}
      title={
        <Group gap="sm">
          <Text fw={600}>Withdrawal</Text>
          {w && <StateBadge state={w.state} />}
        </Group>
      }
      styles={{ body: { paddingTop: 0 } }}
    >
      <ErrorAlert message={loadError?.message} title="Could not open the withdrawal" />
      {!shown ? (
        !loadError && (
          <Center mt={40}>
            <Loader size="sm" />
          </Center>
        )
      ) : (
        <Stack gap="sm" data-testid="withdrawal-detail" data-withdrawal-id={shown.withdrawal.id} data-state={shown.withdrawal.state}>
          <div>
            <Group gap="xs" align="baseline" wrap="nowrap">
              <Text fz={26} fw={700} lh={1.2}>
                <MinorAmount value={shown.withdrawal.amount} assetId={shown.withdrawal.assetId} decimals={shown.decimals} />
              </Text>
              <Text c="dimmed" size="sm">
                ≈ {formatUsdCents(shown.withdrawal.usdCents)} USD
              </Text>
            </Group>
            <Text size="xs" c="dimmed">
              {originText(shown.withdrawal)} · created {formatUtc(shown.withdrawal.createdAt)} UTC
            </Text>
          </div>

          {shown.withdrawal.state === 'blocked' && (
            <Alert variant="light" color="red" title="Blocked before approval" icon={<IconCircleX size={18} />} data-testid="blocked-reason">
              {shown.withdrawal.rejectionReason}
            </Alert>
          )}
          {shown.withdrawal.state === 'rejected' && (
            <Alert variant="light" color="gray" title="Rejected" icon={<IconX size={18} />} data-testid="rejected-reason">
              {shown.withdrawal.rejectionReason}
            </Alert>
          )}
          {shown.withdrawal.state === 'expired' && (
            <Alert variant="light" color="gray" title="Expired" data-testid="expired-note">
              The deadline passed before it was signed; its hold was released.
            </Alert>
          )}

          {shown.signedTx && (
            <div ref={signedRef} style={{ scrollMarginTop: 72 }}>
              <Section title="Signed transaction" testId="signed-tx">
                <Stack gap={6}>
                  <Text size="sm">
                    Transaction id{' '}
                    <Text span className="mono" size="sm" data-testid="detail-txid">
                      {shown.withdrawal.txid}
                    </Text>
                  </Text>
                  {shown.withdrawal.state === 'signed' && (
                    <Text size="sm" c="dimmed">
                      Waiting for the online node to broadcast it: export the next bundle from{' '}
                      <Anchor component={Link} to="/bundles?tab=send" size="sm" data-testid="to-bundles">
                        <IconPackageExport size={13} style={{ verticalAlign: -2 }} /> Bundles → Send
                      </Anchor>
                      .
                    </Text>
                  )}
                  <Anchor component="button" size="xs" onClick={() => setRawOpen((v) => !v)}>
                    <Group gap={2}>
                      {rawOpen ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />} Raw signed transaction ({shown.signedTx.length / 2} bytes)
                    </Group>
                  </Anchor>
                  <Collapse expanded={rawOpen}>
                    <div className={classes.hex}>{shown.signedTx}</div>
                  </Collapse>
                </Stack>
              </Section>
            </div>
          )}

          <Payload detail={shown} assets={assets} wallets={wallets} />

          <Prechecks detail={shown} />
          <Quorum detail={shown} myId={operator?.id} />

          <div ref={outcomeRef} style={{ display: 'contents' }}>
            {notice && (
              <Alert variant="light" color="teal" icon={<IconCircleCheck size={18} />} data-testid="withdrawal-notice" withCloseButton onClose={() => setNotice(undefined)}>
                {notice}
              </Alert>
            )}
            {refusal && <ActionRefusal action={refusal.action} error={refusal.error} onClose={() => setRefusal(undefined)} />}
          </div>

          {pending && canApprove && (
            <Card withBorder radius="md" padding="sm" bg="var(--mantine-color-yellow-0)" data-testid="approve-card">
              <Text fw={600} size="sm" mb={4}>
                Approve with your own token
              </Text>
              <Text size="sm" c="dimmed" mb="xs">
                Your token signs the fields above — amount, asset, destination, fee cap, wallet, USD value, policy version and expiry. A change to any of them voids your approval.
              </Text>
              {initiator && (
                <Text size="sm" c="orange.8" mb="xs" data-testid="initiator-note">
                  You opened this withdrawal. Separation of duties: the console accepts approvals only from other officers.
                </Text>
              )}
              {approvedAlready && (
                <Text size="sm" c="orange.8" mb="xs">
                  You have already approved it: one person, one approval.
                </Text>
              )}
              {!initiator && !approvedAlready && !needsMyRole && (
                <Text size="sm" c="orange.8" mb="xs">
                  The approvals still needed are not from your role.
                </Text>
              )}
              <form onSubmit={(e) => void approve(e)} autoComplete="off" noValidate data-testid="approve-form">
                <Group gap="sm" align="flex-end">
                  <PasswordInput
                    ref={pinRef}
                    name="tokenPin"
                    label="Your token PIN"
                    description="The PIN of your own token, not the custody token"
                    autoComplete="off"
                    w={260}
                    disabled={busy !== undefined}
                    data-testid="approve-pin"
                  />
                  <Button type="submit" color="teal" leftSection={<IconSignature size={16} />} loading={busy === 'approve'} disabled={busy !== undefined && busy !== 'approve'} data-testid="approve-button">
                    Approve
                  </Button>
                </Group>
              </form>
            </Card>
          )}

          {signable && canSign && (
            <Card withBorder radius="md" padding="sm" bg="var(--mantine-color-blue-0)" data-testid="sign-card">
              <Text fw={600} size="sm" mb={4}>
                Sign with the HSM
              </Text>
              <Text size="sm" c="dimmed" mb="xs">
                The signing module re-verifies the policy and every approval signature, records its intent in the audit trail, builds the transaction and checks that it pays exactly the amount to the destination above, then asks the HSM to sign.
              </Text>
              {signBlocked && (
                <Text size="sm" c="orange.8" mb="xs" data-testid="sign-initiator-note">
                  {signBlocked}
                </Text>
              )}
              <Button ref={signRef} leftSection={<IconShieldCheck size={16} />} loading={busy === 'sign'} disabled={signBlocked !== undefined || (busy !== undefined && busy !== 'sign')} onClick={() => void sign()} data-testid="sign-button">
                Sign {shown.withdrawal.assetId} withdrawal
              </Button>
            </Card>
          )}
          {signable && !canSign && (
            <Text size="sm" c="dimmed">
              The quorum is complete; a custody officer signs it.
            </Text>
          )}


          {rejectable && canApprove && (
            <Card withBorder radius="md" padding="sm" data-testid="reject-card">
              <Text fw={600} size="sm" mb={4}>
                Reject
              </Text>
              <Textarea
                ref={reasonRef}
                label="Reason"
                description={`Recorded in the audit trail; at least ${REASON_MIN} characters`}
                autosize
                minRows={2}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                disabled={busy !== undefined}
                data-testid="reject-reason"
              />
              <Group justify="space-between" mt="xs">
                <Text size="xs" c={reason.trim().length >= REASON_MIN ? 'dimmed' : 'orange.8'}>
                  {reason.trim().length} / {REASON_MIN} characters
                </Text>
                <Button color="red" variant="light" leftSection={<IconX size={16} />} disabled={reason.trim().length < REASON_MIN || (busy !== undefined && busy !== 'reject')} loading={busy === 'reject'} onClick={() => void reject()} data-testid="reject-button">
                  Reject withdrawal
                </Button>
              </Group>
            </Card>
          )}
          {!canApprove && OPEN_STATES.includes(shown.withdrawal.state) && (
            <Text size="sm" c="dimmed" data-testid="read-only-note">
              Read only: custody officers and compliance officers approve or reject withdrawals.
            </Text>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
