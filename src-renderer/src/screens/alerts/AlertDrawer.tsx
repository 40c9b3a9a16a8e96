import { useCallback, useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Button, Center, Drawer, Group, Loader, Select, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconFolderPlus, IconUserCheck, IconUserMinus, IconVolumeOff, IconX } from '@tabler/icons-react';
import { useNavigate } from 'react-router-dom';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatUtc } from '../../lib/format';
import { useSession } from '../../stores/session.store';
import { MinorAmount } from '../withdrawals/MinorAmount';
import { formatUsdCents } from '../withdrawals/withdrawal-format';
import { AlertStateBadge, LevelBadge } from './AlertBadges';
import { CloseAlertsModal, OpenCaseModal, SuppressModal } from './AlertActionModals';
import { AlertTimeline } from './AlertTimeline';
import { conditionValues, valueLabel } from './alert-format';
import { figureText } from './figure-format';
import { assignable, operatorName, useOperatorDirectory } from '../cases/operator-directory';
import { ALERT_WORKERS, CASE_WORKERS, holdsAny } from './alert-roles';
import { CounterpartyGraph } from './CounterpartyGraph';
import { Section } from './Section';
import { EventHistory } from './EventHistory';

export type AlertDetail = CommandOutput<'monitoring.alerts.get'>;

function Conditions({ detail }: { readonly detail: AlertDetail }) {
  if (detail.conditions.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        The rule recorded no conditions.
      </Text>
    );
  }
  return (
    <Stack gap={6}>
      {detail.conditions.map((c, i) => {
        // A condition on an aggregate counts what its figure counts; its USD values are cents.
        const figure = detail.figures[c.description.split(' ')[0] ?? ''];
        const values = conditionValues(c.values).map((v) => {
          const kind = c.kinds[v.name];
          return kind ? { ...v, text: figureText(v.raw, kind, kind === 'count' ? (figure?.unit ?? 'transactions') : undefined) } : v;
        });
        return (
          <Group key={`${c.path}-${i}`} gap="sm" align="flex-start" wrap="nowrap" data-testid="alert-condition" data-holds={c.holds ? 'true' : 'false'} data-path={c.path}>
            <ThemeIcon size={20} radius="xl" variant="light" color={c.holds ? 'red' : 'gray'} mt={2} title={c.holds ? 'Held' : 'Did not hold'}>
              {c.holds ? <IconCheck size={13} /> : <IconX size={13} />}
            </ThemeIcon>
            <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
              <Group gap={8} wrap="wrap">
                <Text size="sm" fw={500}>
                  {c.description}
                </Text>
                <Text size="xs" c="dimmed" className="mono">
                  {c.path}
                </Text>
              </Group>
              {values.length > 0 && (
                <Group gap={6} wrap="wrap">
                  {values.map((v) => (
                    <Badge key={v.name} variant="default" tt="none" size="md" radius="sm" fw={400} title={`${v.name} = ${v.raw}`} data-testid="condition-value" data-name={v.name} data-raw={v.raw}>
                      {valueLabel(v.name)}: <span className="mono">{v.text}</span>
                    </Badge>
                  ))}
                </Group>
              )}
            </Stack>
          </Group>
        );
      })}
    </Stack>
  );
}

function Field({ label, children }: { readonly label: string; readonly children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ wordBreak: 'break-all' }}>
        {children}
      </Text>
    </div>
  );
}

interface Props {
  readonly alertId: number | null;
  readonly decimals: ReadonlyMap<string, number>;
  readonly onClose: () => void;
  /** Something about the alert changed (assigned, closed, a case opened): the queue reloads. */
  readonly onChanged: () => void;
  /** A bump from the screen (an action elsewhere) reloads the open alert too. */
  readonly revision: number;
}

/**
 * One alert, explained: what the rule looked at and the values behind every condition, the rule
 * and its version, the transaction, the customer's transactions around it on a timeline, a small
 * counterparty graph, its history; and what can be done: take it, close it with an outcome, open a
 * case, suppress the rule for this customer (only from a case).
 */
export function AlertDrawer({ alertId, decimals, onClose, onChanged, revision }: Props) {
  const me = useSession((s) => s.operator);
  const navigate = useNavigate();
  const [detail, setDetail] = useState<AlertDetail | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [actionError, setActionError] = useState<WireError | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const [modal, setModal] = useState<'close' | 'case' | 'suppress' | null>(null);
  const [reload, setReload] = useState(0);
  const canWork = me ? holdsAny(me.roles, ALERT_WORKERS) : false;
  const directory = useOperatorDirectory();
  const canCase = me ? holdsAny(me.roles, CASE_WORKERS) : false;

  useEffect(() => {
    setNotice(null);
    setActionError(undefined);
    setModal(null);
  }, [alertId]);

  useEffect(() => {
    if (alertId === null) {
      setDetail(undefined);
      return;
    }
    let live = true;
    setError(undefined);
    void invoke('monitoring.alerts.get', { id: alertId }).then((result) => {
      if (!live) return;
      if (result.ok) setDetail(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [alertId, reload, revision]);

  const changed = useCallback(
    (text: string) => {
      setNotice(text);
      setActionError(undefined);
      setReload((r) => r + 1);
      onChanged();
    },
    [onChanged],
  );

  const assign = async (assignee: string | null): Promise<void> => {
    if (alertId === null) return;
    const result = await invoke('monitoring.alerts.assign', { ids: [alertId], assignee });
    if (result.ok) changed(assignee ? (assignee === me?.id ? 'Assigned to you.' : `Assigned to ${operatorName(directory, assignee)}.`) : 'Unassigned.');
    else setActionError(result.error);
  };

  const shown = detail && detail.alert.id === alertId ? detail : undefined;
  const a = shown?.alert;
  const open = a?.state === 'open';
  const mine = a?.assignee !== null && a?.assignee === me?.id;

  return (
    <Drawer
      opened={alertId !== null}
      onClose={onClose}
      position="right"
      size="min(1080px, 94vw)"
      title={
        <Group gap="sm">
          <Text fw={600}>Alert</Text>
          {a && (
            <>
              <Text fw={600} className="mono" data-testid="alert-drawer-id">
                #{a.id}
              </Text>
              <LevelBadge level={a.level} />
              <AlertStateBadge state={a.state} outcome={a.outcome} />
            </>
          )}
        </Group>
      }
      styles={{ body: { paddingTop: 0 } }}
    >
      <ErrorAlert message={error?.message} title="Could not open the alert" />
      {!shown || !a ? (
        !error && (
          <Center mt={40}>
            <Loader size="sm" />
          </Center>
        )
      ) : (
        <Stack gap="sm" data-testid="alert-detail" data-alert-id={a.id} data-state={a.state} data-case-id={a.caseId ?? undefined}>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Stack gap={2}>
              <Text fw={600} size="lg" data-testid="alert-rule-title">
                {a.ruleTitle}
              </Text>
              <Text size="sm" c="dimmed" data-testid="alert-rule">
                Rule <span className="mono">{a.ruleId}</span> · rule set version <span className="mono">v{a.ruleVersion}</span> · raised {formatUtc(a.raisedAt)} UTC
              </Text>
              <Text size="sm">
                Customer{' '}
                <Anchor component="button" type="button" onClick={() => void navigate(`/kyc?id=${encodeURIComponent(a.customerId)}`)} data-testid="alert-customer-link">
                  {a.customerName ? `${a.customerName} (${a.customerId})` : a.customerId}
                </Anchor>
                {a.caseId && (
                  <>
                    {' · '}case{' '}
                    {canCase ? (
                      <Anchor component="button" type="button" onClick={() => void navigate(`/cases?id=${encodeURIComponent(a.caseId!)}`)} data-testid="alert-case-link">
                        {a.caseId}
                      </Anchor>
                    ) : (
                      <span className="mono">{a.caseId}</span>
                    )}
                  </>
                )}
                {' · '}
                <span data-testid="alert-assignee">{a.assignee ? (mine ? 'assigned to you' : `assigned to ${operatorName(directory, a.assignee)}`) : 'unassigned'}</span>
              </Text>
            </Stack>
            {canWork && (
              <Group gap="xs" wrap="nowrap">
                {open && !mine && (
                  <Button size="xs" variant="light" leftSection={<IconUserCheck size={14} />} onClick={() => void assign(me!.id)} data-testid="alert-assign-me">
                    Assign to me
                  </Button>
                )}
                {open && mine && (
                  <Button size="xs" variant="subtle" color="gray" leftSection={<IconUserMinus size={14} />} onClick={() => void assign(null)} data-testid="alert-unassign">
                    Unassign
                  </Button>
                )}
                {open && (
                  <Select
                    size="xs"
                    w={200}
                    aria-label="Assign to"
                    placeholder="Assign to…"
                    data={assignable(directory).filter((o) => o.value !== a.assignee)}
                    value={null}
                    onChange={(v) => v && void assign(v)}
                    data-testid="alert-assign-to"
                  />
                )}
                {open && canCase && !a.caseId && (
                  <Button size="xs" variant="light" leftSection={<IconFolderPlus size={14} />} onClick={() => setModal('case')} data-testid="alert-open-case">
                    Open case
                  </Button>
                )}
                {a.caseId && (
                  <Button size="xs" variant="light" color="grape" leftSection={<IconVolumeOff size={14} />} onClick={() => setModal('suppress')} data-testid="alert-suppress">
                    Suppress rule…
                  </Button>
                )}
                {open && (
                  <Button size="xs" color="red" variant="light" onClick={() => setModal('close')} data-testid="alert-close">
                    Close…
                  </Button>
                )}
              </Group>
            )}
          </Group>
          {notice && (
            <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)} data-testid="alert-notice">
              {notice}
            </Alert>
          )}
          <ErrorAlert message={actionError?.message} onClose={() => setActionError(undefined)} />
          {a.state === 'closed' && shown.alert.closeReason && (
            <Text size="sm" c="dimmed" data-testid="alert-close-reason">
              Closed {formatUtc(shown.alert.closedAt)} UTC by {operatorName(directory, shown.alert.closedBy)}: {shown.alert.closeReason}
            </Text>
          )}

          <Section title="Why it was raised" testId="alert-conditions" extra={<Text size="xs" c="dimmed">{shown.conditions.filter((c) => c.holds).length} of {shown.conditions.length} conditions held</Text>}>
            <Conditions detail={shown} />
            {Object.keys(shown.figures).length > 0 && (
              <Group gap="lg" mt="sm" wrap="wrap" data-testid="alert-figures">
                {Object.entries(shown.figures).map(([k, v]) => (
                  <Field key={k} label={k}>
                    <span className="mono" data-testid="alert-figure" data-name={k} data-kind={v.kind} data-raw={v.value}>
                      {figureText(v.value, v.kind, v.unit)}
                    </span>
                  </Field>
                ))}
              </Group>
            )}
            {shown.actions.length > 0 && (
              <Group gap={6} mt="sm">
                <Text size="xs" c="dimmed">
                  Actions:
                </Text>
                {shown.actions.map((x, i) => (
                  <Badge key={i} size="sm" variant="light" color="gray" tt="none">
                    {x.type.replace(/_/g, ' ')}
                    {x.level ? ` (${x.level})` : ''}
                  </Badge>
                ))}
              </Group>
            )}
          </Section>

          <Section title="Transaction" testId="alert-transaction">
            <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
              <Field label="When (UTC)">
                <span className="mono">{formatUtc(shown.transaction.at)}</span>
              </Field>
              <Field label="Direction">{shown.transaction.direction === 'deposit' ? 'Deposit' : 'Withdrawal'}</Field>
              <Field label="Amount">
                <MinorAmount value={shown.transaction.amount} assetId={shown.transaction.assetId} decimals={decimals.get(shown.transaction.assetId)} />
              </Field>
              <Field label="USD value">
                <span className="mono" data-testid="alert-usd">
                  {formatUsdCents(shown.transaction.usdCents)} USD
                </span>
              </Field>
              <Field label="Counterparty address">
                <span className="mono">{shown.transaction.counterpartyAddress ?? '—'}</span>
              </Field>
              <Field label="Counterparty country">{shown.transaction.counterpartyCountry ?? '—'}</Field>
              <Field label="Counterparty VASP">{shown.transaction.counterpartyVasp ?? '—'}</Field>
              <Field label="Reference">
                <span className="mono">{shown.transaction.sourceRef}</span>
              </Field>
            </SimpleGrid>
          </Section>

          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
            <Section title="Transactions around it" testId="alert-timeline-section">
              <AlertTimeline entries={shown.timeline} alertId={a.id} />
            </Section>
            <Section title="Counterparties" testId="alert-graph-section">
              <CounterpartyGraph nodes={shown.graph.nodes} edges={shown.graph.edges} />
            </Section>
          </SimpleGrid>

          <Section title="History" testId="alert-history">
            <EventHistory events={shown.history} directory={directory} rowTestId="alert-event" />
          </Section>

          <CloseAlertsModal ids={[a.id]} opened={modal === 'close'} onClose={() => setModal(null)} onClosed={() => { setModal(null); changed('Alert closed.'); }} />
          <OpenCaseModal
            key={`case-${a.id}`}
            ids={[a.id]}
            defaultTitle={`${a.ruleTitle}: ${a.customerName ?? a.customerId}`}
            opened={modal === 'case'}
            onClose={() => setModal(null)}
            onOpened={(caseId) => {
              setModal(null);
              onChanged();
              void navigate(`/cases?id=${encodeURIComponent(caseId)}`);
            }}
          />
          <SuppressModal
            customerId={a.customerId}
            ruleId={a.ruleId}
            ruleTitle={a.ruleTitle}
            caseId={a.caseId}
            opened={modal === 'suppress'}
            onClose={() => setModal(null)}
            onDone={(until) => {
              setModal(null);
              changed(`Rule suppressed for ${a.customerId} until ${formatUtc(until)} UTC; new hits are recorded as suppressed.`);
            }}
          />
        </Stack>
      )}
    </Drawer>
  );
}
