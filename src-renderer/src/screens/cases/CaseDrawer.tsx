import { useCallback, useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Button, Center, Drawer, FileButton, Group, Loader, SegmentedControl, Select, Stack, Stepper, Table, Text, Textarea } from '@mantine/core';
import { IconArrowBackUp, IconArrowRight, IconDownload, IconLock, IconPaperclip } from '@tabler/icons-react';
import { useNavigate } from 'react-router-dom';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatUtc } from '../../lib/format';
import { useSession } from '../../stores/session.store';
import { canSeeSars } from '../../../../src-shared/roles';
import { CASE_ATTACHMENT_MAX_BYTES, CASE_ATTACHMENT_TYPES } from '../../../../src-shared/commands/cases.commands';

import { formatUsdCents } from '../withdrawals/withdrawal-format';
import { LevelBadge, AlertStateBadge } from '../alerts/AlertBadges';
import { Section } from '../alerts/Section';
import { EventHistory } from '../alerts/EventHistory';
import { fromBase64, toBase64 } from '../../lib/bytes';
import { saveFile } from '../../lib/save-file';
import { CASE_STATUSES, closeBlocker, deadlineText, nextStatus, STATUS_COLORS, STATUS_LABELS, statusIndex } from './case-format';
import { SarPanel } from './SarPanel';
import { assignable, operatorName, useOperatorDirectory, type Directory } from './operator-directory';

type CaseDetail = CommandOutput<'cases.get'>;

const MIN_REASON = 10;

function Workflow({ detail, directory, onChanged }: { readonly detail: CaseDetail; readonly directory: Directory; readonly onChanged: (text: string) => void }) {
  const me = useSession((s) => s.operator);
  const c = detail.case;
  const to = nextStatus(c.status);
  const [reason, setReason] = useState('');
  const [decision, setDecision] = useState<'sar' | 'no_sar' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | undefined>();
  const blocker = me ? closeBlocker({ status: c.status, decision: c.decision, decidedBy: c.decidedBy }, me, detail.sar?.state ?? null) : 'Not signed in.';
  const ready = reason.trim().length >= MIN_REASON && (to !== 'decision' || decision !== null);

  const move = async (): Promise<void> => {
    if (!to) return;
    setBusy(true);
    const result = await invoke('cases.transition', { id: c.id, to, reason: reason.trim(), ...(to === 'decision' && decision ? { decision } : {}) });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setReason('');
    setDecision(null);
    setError(undefined);
    onChanged(`Moved to ${STATUS_LABELS[to].toLowerCase()}.`);
  };
  const close = async (): Promise<void> => {
    setBusy(true);
    const result = await invoke('cases.close', { id: c.id, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setReason('');
    setError(undefined);
    onChanged('Case closed.');
  };
  const reopen = async (): Promise<void> => {
    setBusy(true);
    const result = await invoke('cases.reopen', { id: c.id, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setReason('');
    setError(undefined);
    onChanged('Case reopened: back to investigating, the decision set aside.');
  };
  const canReopen = (c.status === 'decision' || c.status === 'closed') && (me?.roles.includes('compliance_officer') ?? false);

  return (
    <Stack gap="sm" data-testid="case-workflow">
      <Stepper active={c.status === 'closed' ? CASE_STATUSES.length : statusIndex(c.status)} size="xs" allowNextStepsSelect={false}>
        {CASE_STATUSES.map((s) => (
          <Stepper.Step key={s} label={STATUS_LABELS[s]} />
        ))}
      </Stepper>
      {c.decision && (
        <Text size="sm" data-testid="case-decision">
          Decision: <b>{c.decision === 'sar' ? 'file a SAR/STR' : 'no SAR'}</b> by {operatorName(directory, c.decidedBy)} {formatUtc(c.decidedAt)} UTC — {c.decisionRationale}
        </Text>
      )}
      <ErrorAlert message={error?.message} onClose={() => setError(undefined)} />
      {c.status !== 'closed' && (
        <>
          {to === 'decision' && (
            <Group gap="sm">
              <Text size="sm" fw={500}>
                Decision
              </Text>
              <SegmentedControl
                value={decision ?? ''}
                onChange={(v) => setDecision(v as 'sar' | 'no_sar')}
                data={[
                  { value: 'sar', label: 'File a SAR/STR' },
                  { value: 'no_sar', label: 'No SAR' },
                ]}
                data-testid="case-decision-choice"
              />
            </Group>
          )}
          <Textarea
            label={to === 'decision' ? 'Rationale' : to ? 'Reason' : 'Reason to close'}
            description={`At least ${MIN_REASON} characters; kept in the case history and the audit trail.`}
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="case-reason"
          />
          <Group gap="sm" wrap="wrap">
            {to && (
              <Button rightSection={<IconArrowRight size={16} />} disabled={!ready} loading={busy} onClick={() => void move()} data-testid="case-move" data-to={to}>
                Move to {STATUS_LABELS[to].toLowerCase()}
              </Button>
            )}
            {c.status === 'decision' && (
              <Button color="gray" leftSection={<IconLock size={16} />} disabled={blocker !== undefined || reason.trim().length < MIN_REASON} loading={busy} onClick={() => void close()} data-testid="case-close">
                Close case
              </Button>
            )}
            {canReopen && (
              <Button variant="light" color="orange" leftSection={<IconArrowBackUp size={16} />} disabled={reason.trim().length < MIN_REASON} loading={busy} onClick={() => void reopen()} data-testid="case-reopen">
                Reopen
              </Button>
            )}
            {c.status === 'decision' && blocker && (
              <Text size="sm" c="orange.8" data-testid="case-close-blocker">
                {blocker}
              </Text>
            )}
          </Group>
        </>
      )}
      {c.status === 'closed' && (
        <>
          <Text size="sm" c="dimmed">
            Closed by {operatorName(directory, c.closedBy)} {formatUtc(c.closedAt)} UTC: {c.closeReason}
          </Text>
          {canReopen && (
            <Group gap="sm" align="flex-end">
              <Textarea
                label="Reason to reopen"
                description={`At least ${MIN_REASON} characters; the case returns to investigating.`}
                autosize
                minRows={1}
                style={{ flex: 1 }}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                data-testid="case-reopen-reason"
              />
              <Button variant="light" color="orange" leftSection={<IconArrowBackUp size={16} />} disabled={reason.trim().length < MIN_REASON} loading={busy} onClick={() => void reopen()} data-testid="case-reopen">
                Reopen
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

function Notes({ detail, directory, onChanged }: { readonly detail: CaseDetail; readonly directory: Directory; readonly onChanged: (text: string) => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | undefined>();
  const add = async (): Promise<void> => {
    setBusy(true);
    const result = await invoke('cases.note', { id: detail.case.id, text: text.trim() });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setText('');
    setError(undefined);
    onChanged('Note added.');
  };
  return (
    <Stack gap="xs">
      {detail.notes.length === 0 && (
        <Text size="sm" c="dimmed">
          No notes yet.
        </Text>
      )}
      {detail.notes.map((n, i) => (
        <div key={i} data-testid="case-note">
          <Text size="xs" c="dimmed">
            {operatorName(directory, n.by)} · {formatUtc(n.at)} UTC
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {n.text}
          </Text>
        </div>
      ))}
      <ErrorAlert message={error?.message} onClose={() => setError(undefined)} />
      <Group align="flex-end" wrap="nowrap">
        <Textarea placeholder="Add a note (notes are never edited)" autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} style={{ flex: 1 }} data-testid="case-note-text" />
        <Button variant="light" disabled={text.trim() === ''} loading={busy} onClick={() => void add()} data-testid="case-note-add">
          Add note
        </Button>
      </Group>
    </Stack>
  );
}

function Attachments({ detail, directory, onChanged }: { readonly detail: CaseDetail; readonly directory: Directory; readonly onChanged: (text: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | undefined>();
  const upload = async (file: File | null): Promise<void> => {
    if (!file) return;
    const type = (CASE_ATTACHMENT_TYPES as readonly string[]).includes(file.type) ? (file.type as (typeof CASE_ATTACHMENT_TYPES)[number]) : undefined;
    if (!type) return setError({ code: 'VALIDATION', message: `${file.name}: only PDF, PNG, JPEG, text, CSV, JSON or XML files can be attached (this is ${file.type || 'of an unknown type'}).` });
    if (file.size > CASE_ATTACHMENT_MAX_BYTES) return setError({ code: 'VALIDATION', message: `${file.name} is larger than 25 MB.` });
    setBusy(true);
    const contentBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
    const result = await invoke('cases.attach', { id: detail.case.id, fileName: file.name, mediaType: type, contentBase64 });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    onChanged(`${file.name} sealed in the vault.`);
  };
  const download = async (attachmentId: string): Promise<void> => {
    const result = await invoke('cases.attachment.get', { id: detail.case.id, attachmentId });
    if (!result.ok) return setError(result.error);
    saveFile(result.value.attachment.fileName, fromBase64(result.value.contentBase64), result.value.attachment.mediaType);
  };
  return (
    <Stack gap="xs">
      <ErrorAlert message={error?.message} onClose={() => setError(undefined)} />
      {detail.attachments.length === 0 ? (
        <Text size="sm" c="dimmed">
          No attachments.
        </Text>
      ) : (
        <Table verticalSpacing={2} fz="sm">
          <Table.Tbody>
            {detail.attachments.map((a) => (
              <Table.Tr key={a.id} data-testid="case-attachment">
                <Table.Td>{a.fileName}</Table.Td>
                <Table.Td c="dimmed">{a.mediaType}</Table.Td>
                <Table.Td className="mono" style={{ textAlign: 'right' }}>
                  {a.size.toLocaleString('en-US')} B
                </Table.Td>
                <Table.Td c="dimmed">
                  {operatorName(directory, a.by)} · {formatUtc(a.at)}
                </Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" leftSection={<IconDownload size={12} />} onClick={() => void download(a.id)}>
                    Download
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <FileButton onChange={(f) => void upload(f)} accept={CASE_ATTACHMENT_TYPES.join(',')}>
        {(props) => (
          <Button {...props} size="xs" variant="default" leftSection={<IconPaperclip size={14} />} loading={busy} w="fit-content" data-testid="case-attach">
            Attach a file…
          </Button>
        )}
      </FileButton>
    </Stack>
  );
}

/**
 * A case: its alerts, the status workflow in order (with the decision and four-eyes closing), notes,
 * attachments sealed in the vault, the history, and — for SAR roles only — the SAR/STR panel.
 */
export function CaseDrawer({ caseId, onClose, onChanged }: { readonly caseId: string | null; readonly onClose: () => void; readonly onChanged: () => void }) {
  const me = useSession((s) => s.operator);
  const navigate = useNavigate();
  const [detail, setDetail] = useState<CaseDetail | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const directory = useOperatorDirectory();
  const [assignError, setAssignError] = useState<WireError | undefined>();

  useEffect(() => setNotice(null), [caseId]);
  useEffect(() => {
    if (!caseId) {
      setDetail(undefined);
      return;
    }
    let live = true;
    setError(undefined);
    void invoke('cases.get', { id: caseId }).then((result) => {
      if (!live) return;
      if (result.ok) setDetail(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [caseId, reload]);

  const changed = useCallback(
    (text: string) => {
      setNotice(text);
      setReload((r) => r + 1);
      onChanged();
    },
    [onChanged],
  );

  const assign = async (id: string, assignee: string | null): Promise<void> => {
    const result = await invoke('cases.assign', { id, assignee });
    if (!result.ok) return setAssignError(result.error);
    setAssignError(undefined);
    changed(assignee ? `Assigned to ${assignee === me?.id ? 'you' : operatorName(directory, assignee)}.` : 'Unassigned.');
  };

  const shown = detail && detail.case.id === caseId ? detail : undefined;
  const c = shown?.case;
  const deadline = c ? deadlineText(c.daysLeft) : undefined;
  return (
    <Drawer
      opened={caseId !== null}
      onClose={onClose}
      position="right"
      size="min(1080px, 94vw)"
      title={
        <Group gap="sm">
          <Text fw={600}>Case</Text>
          {c && (
            <>
              <Text fw={600} className="mono" data-testid="case-drawer-id">
                {c.id}
              </Text>
              <Badge color={STATUS_COLORS[c.status]} variant="light" tt="none" data-testid="case-status">
                {STATUS_LABELS[c.status]}
              </Badge>
              {deadline && (
                <Text size="sm" c={deadline.overdue ? 'red' : deadline.soon ? 'orange' : 'dimmed'} fw={deadline.overdue ? 600 : undefined} data-testid="case-deadline">
                  {c.daysLeft === null ? 'No SAR due' : `SAR due ${formatUtc(c.sarDueAt).slice(0, 10)} · ${deadline.text}`}
                </Text>
              )}
            </>
          )}
        </Group>
      }
      styles={{ body: { paddingTop: 0 } }}
    >
      <ErrorAlert message={error?.message} title="Could not open the case" />
      {!shown || !c ? (
        !error && (
          <Center mt={40}>
            <Loader size="sm" />
          </Center>
        )
      ) : (
        <Stack gap="sm" data-testid="case-detail" data-case-id={c.id} data-status={c.status}>
          <Stack gap={2}>
            <Text fw={600} size="lg">
              {c.title}
            </Text>
            <Text size="sm" c="dimmed">
              Opened by {operatorName(directory, c.openedBy)} {formatUtc(c.openedAt)} UTC · detected {formatUtc(c.detectedAt)} UTC · customers{' '}
              {c.customerIds.map((id, i) => (
                <span key={id}>
                  {i > 0 && ', '}
                  <Anchor component="button" type="button" size="sm" onClick={() => void navigate(`/kyc?id=${encodeURIComponent(id)}`)}>
                    {id}
                  </Anchor>
                </span>
              ))}
              {' · '}
              <span data-testid="case-assignee">{c.assignee ? `assigned to ${c.assignee === me?.id ? 'you' : operatorName(directory, c.assignee)}` : 'unassigned'}</span>
            </Text>
            {c.status !== 'closed' && (
              <Group gap="xs" mt={4}>
                <Select
                  size="xs"
                  w={280}
                  aria-label="Assignee"
                  placeholder="Assign to…"
                  data={[{ value: '', label: 'Nobody (unassigned)' }, ...assignable(directory)]}
                  value={c.assignee ?? ''}
                  onChange={(v) => void assign(c.id, v ? v : null)}
                  allowDeselect={false}
                  data-testid="case-assign"
                />
                {me && c.assignee !== me.id && canSeeSars(me.roles) && (
                  <Button size="xs" variant="subtle" onClick={() => void assign(c.id, me.id)} data-testid="case-assign-me">
                    Assign to me
                  </Button>
                )}
              </Group>
            )}
            <ErrorAlert message={assignError?.message} onClose={() => setAssignError(undefined)} />
          </Stack>
          {notice && (
            <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)} data-testid="case-notice">
              {notice}
            </Alert>
          )}
          <Section title="Workflow" testId="case-workflow-section">
            <Workflow key={`${c.id}-${c.status}`} detail={shown} directory={directory} onChanged={changed} />
          </Section>
          {me && canSeeSars(me.roles) && (
            <Section title="SAR / STR" testId="case-sar-section">
              <SarPanel caseId={c.id} summary={shown.sar} decision={c.decision} onChanged={() => changed('Report updated.')} />
            </Section>
          )}
          <Section title={`Alerts (${shown.alerts.length})`} testId="case-alerts">
            <Table verticalSpacing={3} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Alert</Table.Th>
                  <Table.Th>Raised (UTC)</Table.Th>
                  <Table.Th>Level</Table.Th>
                  <Table.Th>Rule</Table.Th>
                  <Table.Th>Customer</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>USD value</Table.Th>
                  <Table.Th>State</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.alerts.map((a) => (
                  <Table.Tr key={a.id} data-testid="case-alert" data-alert-id={a.id}>
                    <Table.Td>
                      <Anchor component="button" type="button" size="sm" className="mono" onClick={() => void navigate(`/alerts?state=all&id=${a.id}`)}>
                        #{a.id}
                      </Anchor>
                    </Table.Td>
                    <Table.Td className="mono">{formatUtc(a.raisedAt)}</Table.Td>
                    <Table.Td>
                      <LevelBadge level={a.level} />
                    </Table.Td>
                    <Table.Td>
                      {a.ruleTitle}{' '}
                      <Text span size="xs" c="dimmed" className="mono">
                        v{a.ruleVersion}
                      </Text>
                    </Table.Td>
                    <Table.Td className="mono">{a.customerId}</Table.Td>
                    <Table.Td className="mono" style={{ textAlign: 'right' }}>
                      {formatUsdCents(a.usdCents)}
                    </Table.Td>
                    <Table.Td>
                      <AlertStateBadge state={a.state} outcome={a.outcome} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
          <Section title="Notes" testId="case-notes">
            <Notes detail={shown} directory={directory} onChanged={changed} />
          </Section>
          <Section title="Attachments" testId="case-attachments">
            <Attachments detail={shown} directory={directory} onChanged={changed} />
          </Section>
          <Section title="History" testId="case-history">
            <EventHistory events={shown.history} directory={directory} rowTestId="case-event" />
          </Section>
        </Stack>
      )}
    </Drawer>
  );
}
