import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Alert, Badge, Card, Center, Drawer, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { IconCircleCheck, IconLock } from '@tabler/icons-react';
import { invoke, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatUtc } from '../../lib/format';
import { useSession } from '../../stores/session.store';
import { DecisionPanel } from './DecisionPanel';
import { ReverifyPanel } from './ReverifyPanel';
import { DocumentViewer } from './DocumentViewer';
import { HitCard } from './HitCard';
import { RiskBadge, StatusBadge } from './KycBadges';
import { actorName, CDD_LABELS, countryText, extractedFields, isoDay, reviewDueText, sortHits, STATUS_LABELS, type CustomerDetail, type KycStatus } from './kyc-format';
import { EDD_APPROVERS, holdsAny, KYC_DECIDERS } from './kyc-roles';
import { RiskFactors } from './RiskFactors';
import classes from './kyc.module.css';

function Section({ title, children, testId, extra }: { title: string; children: ReactNode; testId: string; extra?: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="sm" data-testid={testId} style={{ scrollMarginTop: 72 }}>
      <Group justify="space-between" mb={8}>
        <Text className={classes.sectionTitle}>{title}</Text>
        {extra}
      </Group>
      {children}
    </Card>
  );
}

function Profile({ detail }: { detail: CustomerDetail }) {
  const c = detail.customer;
  const owners = detail.beneficialOwners.filter((o) => o.removedAt === null);
  return (
    <Stack gap="sm">
      <div className={classes.profile}>
        {extractedFields(c.profile).map((f) => (
          <div key={f.key} data-testid="kyc-profile-field" data-field={f.key}>
            <Text size="xs" c="dimmed">
              {f.label}
            </Text>
            <Text size="sm" style={{ wordBreak: 'break-word' }}>
              {f.value}
            </Text>
          </div>
        ))}
      </div>
      {c.type === 'entity' && (
        <div>
          <Text size="sm" fw={600} mb={4}>
            Beneficial owners (≥ 25 % or control), each screened as a person
          </Text>
          {owners.length === 0 ? (
            <Text size="sm" c="dimmed">
              None declared.
            </Text>
          ) : (
            <Table verticalSpacing={3} fz="sm" data-testid="kyc-owners">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Born</Table.Th>
                  <Table.Th>Nationality</Table.Th>
                  <Table.Th>Residence</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>Ownership</Table.Th>
                  <Table.Th>Control</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {owners.map((o) => (
                  <Table.Tr key={o.id} data-testid="kyc-owner">
                    <Table.Td fw={500}>{o.legalName}</Table.Td>
                    <Table.Td className="mono">{o.dateOfBirth}</Table.Td>
                    <Table.Td>{countryText(o.nationality)}</Table.Td>
                    <Table.Td>{countryText(o.residence)}</Table.Td>
                    <Table.Td className="mono" style={{ textAlign: 'right' }}>
                      {o.ownershipPercent} %
                    </Table.Td>
                    <Table.Td>{o.control ? 'Yes' : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </div>
      )}
      {detail.consents.length > 0 && (
        <Text size="xs" c="dimmed">
          Consents: {detail.consents.map((k) => `${k.kind.replace(/_/g, ' ')} ${k.granted ? 'granted' : 'refused'} ${isoDay(k.givenAt)} (text ${k.textVersion})`).join('; ')}
        </Text>
      )}
    </Stack>
  );
}

function History({ detail }: { detail: CustomerDetail }) {
  return (
    <Table verticalSpacing={3} fz="sm" data-testid="kyc-history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When (UTC)</Table.Th>
          <Table.Th>Who</Table.Th>
          <Table.Th>What</Table.Th>
          <Table.Th>Status</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...detail.history].reverse().map((e) => (
          <Table.Tr key={e.id} data-testid="kyc-event" data-kind={e.kind}>
            <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>
              {formatUtc(e.at)}
            </Table.Td>
            <Table.Td>{actorName(e.actor)}</Table.Td>
            <Table.Td>{e.kind.replace(/[._]/g, ' ')}</Table.Td>
            <Table.Td>{e.statusAfter && e.statusAfter !== e.statusBefore ? `→ ${STATUS_LABELS[e.statusAfter as KycStatus] ?? e.statusAfter}` : '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

interface Props {
  readonly customerId: string | null;
  readonly onClose: () => void;
  /** The file changed through this drawer (a hit resolved, a decision taken). */
  readonly onChanged: (status: KycStatus) => void;
}

/**
 * A customer's KYC file: who they are, the documents with the submitted data beside them, the
 * screening hits to resolve, the risk with each factor's contribution, and the decision.
 */
export function CustomerFileDrawer({ customerId, onClose, onChanged }: Props) {
  const roles = useSession((s) => s.operator?.roles) ?? [];
  const canDecide = holdsAny(roles, KYC_DECIDERS);
  const isOfficer = holdsAny(roles, EDD_APPROVERS);
  const [detail, setDetail] = useState<CustomerDetail | null>(null);
  const [loadError, setLoadError] = useState<WireError | undefined>();
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async (id: string): Promise<CustomerDetail | null> => {
    const r = await invoke('kyc.customers.get', { customerId: id });
    if (r.ok) {
      setDetail(r.value);
      setLoadError(undefined);
      return r.value;
    }
    setLoadError(r.error);
    return null;
  }, []);

  useEffect(() => {
    setDetail(null);
    setNotice(null);
    setLoadError(undefined);
    if (customerId) void load(customerId);
  }, [customerId, load]);

  const shown = detail && detail.customer.id === customerId ? detail : null;
  const c = shown?.customer;
  const open = c ? c.status === 'pending_review' || c.status === 'information_requested' : false;
  const hits = shown ? sortHits(shown.hits) : [];
  const openHits = hits.filter((h) => h.status === 'open').length;

  const onResolved = async (): Promise<void> => {
    if (!customerId) return;
    const fresh = await load(customerId);
    setNotice('Hit resolved and recorded; the risk was scored again.');
    if (fresh) onChanged(fresh.customer.status);
  };
  const onDecided = async (status: KycStatus, text: string): Promise<void> => {
    if (!customerId) return;
    await load(customerId);
    setNotice(text);
    onChanged(status);
  };

  return (
    <Drawer
      opened={customerId !== null}
      onClose={onClose}
      position="right"
      size="min(1180px, 94vw)"
      title={
        <Group gap="sm">
          <Text fw={600}>KYC file</Text>
          {c && (
            <>
              <Text fw={600} data-testid="kyc-file-name">
                {c.legalName}
              </Text>
              <Text c="dimmed" className="mono" size="sm">
                {c.id}
              </Text>
              <StatusBadge status={c.status} />
            </>
          )}
        </Group>
      }
      styles={{ body: { paddingTop: 0 } }}
    >
      <ErrorAlert message={loadError?.message} title="Could not open the file" />
      {!shown || !c ? (
        !loadError && (
          <Center mt={40}>
            <Loader size="sm" />
          </Center>
        )
      ) : (
        <Stack gap="sm" data-testid="kyc-file" data-customer-id={c.id} data-status={c.status} data-open-hits={openHits}>
          <Group gap="lg" wrap="wrap" data-testid="kyc-file-summary">
            <RiskBadge level={c.riskLevel} score={c.riskScore} size="md" />
            <Text size="sm">{c.type === 'entity' ? 'Entity' : 'Individual'}</Text>
            <Text size="sm">CDD {c.cddLevel ? CDD_LABELS[c.cddLevel] : '—'}</Text>
            <Text size="sm">Next review {isoDay(c.nextReviewAt)}</Text>
            <Badge variant="light" color={shown.gate.withdrawalsAllowed ? 'teal' : 'red'} tt="none" leftSection={shown.gate.withdrawalsAllowed ? <IconCircleCheck size={12} /> : <IconLock size={12} />} title={shown.gate.detail} data-testid="kyc-gate">
              Withdrawals {shown.gate.withdrawalsAllowed ? 'allowed' : 'blocked'}
            </Badge>
            {c.approvedBy && (
              <Text size="xs" c="dimmed" data-testid="kyc-approved-by">
                Approved by {actorName(c.approvedBy)} on {formatUtc(c.approvedAt)} UTC
              </Text>
            )}
          </Group>
          {notice && (
            <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)} data-testid="kyc-notice">
              {notice}
            </Alert>
          )}
          {c.reviewReason && (
            <Text size="sm" c={reviewDueText(c.nextReviewAt, Date.now()).overdue ? 'orange.8' : 'dimmed'} data-testid="kyc-review-reason">
              Review: {c.reviewReason}
            </Text>
          )}

          <Section
            title="Screening hits"
            testId="kyc-hits"
            extra={
              <Badge size="sm" variant="light" color={openHits > 0 ? 'red' : 'teal'} tt="none" data-testid="kyc-hits-summary">
                {hits.length === 0 ? 'no hits' : openHits > 0 ? `${openHits} open of ${hits.length}` : `all ${hits.length} resolved`}
              </Badge>
            }
          >
            {hits.length === 0 ? (
              <Text size="sm" c="dimmed">
                No name or address of this customer, its owners or its wallets matched an active sanctions or PEP list.
              </Text>
            ) : (
              <Stack gap="xs">
                {hits.map((h) => (
                  <HitCard key={h.id} hit={h} canResolve={canDecide} onResolved={() => void onResolved()} />
                ))}
              </Stack>
            )}
          </Section>

          <Section title="Documents" testId="kyc-documents-section">
            <DocumentViewer key={c.id} documents={shown.documents} profile={c.profile} />
          </Section>

          <Section title="Risk" testId="kyc-risk-section">
            {shown.risk ? (
              <RiskFactors risk={shown.risk} />
            ) : (
              <Text size="sm" c="dimmed">
                Not assessed yet.
              </Text>
            )}
            {shown.edd.required && (
              <Text size="sm" mt={8} c="grape.8" data-testid="kyc-edd-required">
                Enhanced due diligence: {shown.edd.reasons.join('; ')}
                {shown.edd.requiresOfficer ? ' — a compliance officer approves' : ''}.
                {c.eddSourceOfFunds ? ` Source of funds: ${c.eddSourceOfFunds}.` : ''}
                {c.eddSourceOfWealth ? ` Source of wealth: ${c.eddSourceOfWealth}.` : ''}
              </Text>
            )}
          </Section>

          {canDecide && open && (
            <Section title="Decision" testId="kyc-decision-section">
              <DecisionPanel key={`${c.id}-${c.status}`} detail={shown} isOfficer={isOfficer} onDecided={(status, text) => void onDecided(status, text)} />
            </Section>
          )}

          {canDecide && c.status === 'approved' && (
            <Section title="Re-verification" testId="kyc-reverify-section">
              <ReverifyPanel key={`${c.id}-${c.status}`} detail={shown} onStarted={(status, text) => void onDecided(status, text)} />
            </Section>
          )}

          <Section title="Profile" testId="kyc-profile">
            <Profile detail={shown} />
          </Section>

          <Section title="History" testId="kyc-history-section">
            <History detail={shown} />
          </Section>
        </Stack>
      )}
    </Drawer>
  );
}
