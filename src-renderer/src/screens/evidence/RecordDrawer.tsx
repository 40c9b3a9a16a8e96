import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Divider, Drawer, Group, Loader, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconBook, IconEyeOff, IconLock, IconShieldX } from '@tabler/icons-react';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { HashText } from '../../components/HashText';
import { fieldErrors } from '../../lib/errors';
import { formatUtc } from '../../lib/format';
import { useSession } from '../../stores/session.store';
import { ACCESS_LOG_READERS, holdsAny } from './evidence-roles';
import { formatBytes } from '../../lib/bytes';
import { LegalHoldBadge, RecordTypeBadge, type RecordType, type RecordView } from './RecordBadges';
import { RecordContent } from './RecordContent';

/** What a list knows about a record; the drawer loads the rest when it is not given. */
export interface RecordRef {
  readonly id: string;
  readonly title: string;
  readonly type: RecordType;
  readonly createdAt: string;
  /** The customer, case or withdrawal it belongs to, when the list knows it (narrows the lookup). */
  readonly subject?: { readonly type: RecordView['subjectType']; readonly id: string };
  readonly view?: RecordView;
}

type AccessRow = CommandOutput<'vault.access.list'>['access'][number];
type ReadResult = CommandOutput<'vault.records.read'>;

const ACCESS_KIND_LABELS: Readonly<Record<AccessRow['kind'], string>> = { content: 'Content read', search: 'Found in search', export: 'Exported' };

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** When a record may be shredded, and by what rule (FATF R11: at least five years). */
function Retention({ view }: { view: RecordView }) {
  const rule = `${view.retentionYears} years from ${view.retentionBasis === 'creation' ? 'creation' : 'the end of the relationship'} (${view.jurisdiction})`;
  return (
    <Stack gap={0} data-testid="record-retention">
      {view.shreddedAt ? (
        <Text size="sm">Shredded {formatUtc(view.shreddedAt)}</Text>
      ) : view.retentionUntil ? (
        <Text size="sm" className="mono">
          {formatUtc(view.retentionUntil)}
        </Text>
      ) : (
        <Text size="sm">Not set: the relationship has not ended yet</Text>
      )}
      <Text size="xs" c="dimmed">
        {rule}
      </Text>
    </Stack>
  );
}

/** The access log of one record: every read, search hit and export, newest first. */
function AccessLog({ recordId, revision }: { recordId: string; revision: number }) {
  const [rows, setRows] = useState<readonly AccessRow[] | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  useEffect(() => {
    let live = true;
    void invoke('vault.access.list', { recordId, limit: 200 }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setRows(result.value.access);
        setError(undefined);
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [recordId, revision]);

  if (error) return <ErrorAlert message={error.message} title="Could not load the access log" />;
  if (!rows) return <Loader size="xs" />;
  if (rows.length === 0) return <Text size="sm" c="dimmed">Nobody has read or found this record yet.</Text>;
  return (
    <Table withTableBorder verticalSpacing={4} horizontalSpacing="xs" fz="xs" data-testid="record-access-log">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={150}>When (UTC)</Table.Th>
          <Table.Th w={104}>Who</Table.Th>
          <Table.Th w={128}>What</Table.Th>
          <Table.Th>Purpose</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((a, i) => (
          <Table.Tr key={`${a.at}-${i}`} data-testid="access-row" data-kind={a.kind} data-outcome={a.outcome} bg={a.outcome === 'ok' ? undefined : 'var(--mantine-color-red-0)'}>
            <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>
              {formatUtc(a.at)}
            </Table.Td>
            <Table.Td>{a.operatorUsername ?? '—'}</Table.Td>
            <Table.Td>
              <Stack gap={2} align="flex-start">
                <span>{ACCESS_KIND_LABELS[a.kind]}</span>
                {a.outcome === 'integrity_failure' && (
                  <Badge size="xs" color="red" tt="none">
                    integrity failure
                  </Badge>
                )}
              </Stack>
            </Table.Td>
            <Table.Td style={{ wordBreak: 'break-word' }}>{a.purpose}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function RecordDetail({ target, defaultPurpose }: { target: RecordRef; defaultPurpose: string }) {
  const roles = useSession((s) => s.operator?.roles ?? []);
  const [view, setView] = useState<RecordView | undefined>(target.view);
  const [metaError, setMetaError] = useState<WireError | undefined>();
  const [purpose, setPurpose] = useState(defaultPurpose);
  const [reading, setReading] = useState(false);
  // The content lives only here, in this drawer's state, and goes when the drawer closes.
  const [read, setRead] = useState<ReadResult | undefined>();
  const [readError, setReadError] = useState<WireError | undefined>();
  const [accessRevision, setAccessRevision] = useState(0);
  const canSeeLog = holdsAny(roles, ACCESS_LOG_READERS);

  useEffect(() => {
    if (target.view) return;
    let live = true;
    // Its subject and its own creation instant narrow the list to (almost always) this one record.
    const subject = target.subject ? { subjectType: target.subject.type, subjectId: target.subject.id } : {};
    void invoke('vault.records.list', { ...subject, from: target.createdAt, to: target.createdAt, limit: 1000 }).then((result) => {
      if (!live) return;
      if (!result.ok) return setMetaError(result.error);
      const found = result.value.records.find((r) => r.id === target.id);
      if (found) setView(found);
      else setMetaError({ code: 'NOT_FOUND', message: `Record ${target.id} is not visible to you.` });
    });
    return () => {
      live = false;
    };
  }, [target]);

  const readContent = useCallback(async () => {
    const why = purpose.trim();
    if (why.length < 5) {
      setReadError({ code: 'VALIDATION', message: 'Say why you read this record.', issues: [{ path: 'purpose', message: 'must say why the record is read (at least 5 characters)' }] });
      return;
    }
    setReading(true);
    const result = await invoke('vault.records.read', { id: target.id, purpose: why });
    setReading(false);
    setAccessRevision((r) => r + 1);
    if (!result.ok) {
      setRead(undefined);
      setReadError(result.error);
      return;
    }
    setReadError(undefined);
    setRead(result.value);
    setView(result.value.record);
  }, [purpose, target.id]);

  const purposeError = fieldErrors(readError).purpose;
  const integrity = readError?.code === 'INTEGRITY_FAILURE';
  const current = read?.record ?? view;

  return (
    <Stack gap="md" data-testid="record-detail" data-record-id={target.id}>
      <Group gap={6}>
        <RecordTypeBadge type={target.type} />
        {current?.legalHold && <LegalHoldBadge reason={current.legalHoldReason} />}
        {current?.shreddedAt && (
          <Badge color="dark" tt="none">
            Shredded
          </Badge>
        )}
      </Group>
      {target.type === 'sar' && (
        <Alert variant="light" color="red" icon={<IconLock size={18} />} p="xs" title="Confidential: suspicious activity report" data-testid="sar-confidential">
          Open to compliance staff only. Telling anyone outside compliance, above all the subject, that a report exists or is being prepared is tipping-off (FATF R21).
        </Alert>
      )}
      <ErrorAlert message={metaError?.message} title="Could not load the record" />
      {!current && !metaError && <Loader size="sm" />}
      {current && (
        <>
          <SimpleGrid cols={2} spacing="md" verticalSpacing="sm">
            <Field label="Subject">
              <Text size="sm">
                {current.subjectType}{' '}
                <Text span className="mono" fw={600}>
                  {current.subjectId}
                </Text>
              </Text>
            </Field>
            <Field label="Record id">
              <Text size="sm" className="mono">
                {current.id}
              </Text>
            </Field>
            <Field label="Created (UTC)">
              <Text size="sm" className="mono">
                {formatUtc(current.createdAt)}
              </Text>
              <Text size="xs" c="dimmed">
                by {current.createdBy.replace(/^operator:/, '')}
              </Text>
            </Field>
            <Field label="Content">
              <Text size="sm">
                <span className="mono">{current.contentType}</span> · {formatBytes(current.size)}
              </Text>
            </Field>
            <Field label="Retained until">
              <Retention view={current} />
            </Field>
            <Field label="Legal hold">
              {current.legalHold ? (
                <Text size="sm" c="orange.9" fw={500} data-testid="record-legal-hold">
                  Yes — {current.legalHoldReason ?? 'no reason recorded'}
                </Text>
              ) : (
                <Text size="sm" data-testid="record-legal-hold">
                  No
                </Text>
              )}
            </Field>
          </SimpleGrid>
          <Field label="Checksum (sha256 of the content)">
            <HashText value={current.sha256} full />
          </Field>
        </>
      )}

      <Divider label="Content" labelPosition="left" />
      {current?.shreddedAt ? (
        <Text size="sm" c="dimmed">
          The content was crypto-shredded at the end of its retention period; only this tombstone remains.
        </Text>
      ) : read ? (
        <Stack gap="xs">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text size="xs" c="dimmed" style={{ flex: 1 }}>
              Read and checked against its checksum; logged with your name and the purpose “{purpose.trim()}”.
            </Text>
            <Button variant="subtle" size="xs" color="gray" leftSection={<IconEyeOff size={14} />} onClick={() => setRead(undefined)} style={{ flex: 'none' }} data-testid="record-hide">
              Hide
            </Button>
          </Group>
          <RecordContent record={read.record} contentBase64={read.contentBase64} />
        </Stack>
      ) : (
        <Stack gap="xs">
          <Group align="flex-end" wrap="nowrap" gap="sm">
            <TextInput
              label="Purpose of this read"
              description="Logged with your name and the time (FATF R11 record keeping)."
              placeholder="e.g. 314(a) request ref. FIN-2026-0042"
              style={{ flex: 1 }}
              value={purpose}
              onChange={(e) => setPurpose(e.currentTarget.value)}
              error={purposeError}
              data-testid="read-purpose"
              onKeyDown={(e) => {
                if (e.key === 'Enter') void readContent();
              }}
            />
            <Button leftSection={<IconBook size={16} />} loading={reading} onClick={() => void readContent()} data-testid="read-content">
              Read content
            </Button>
          </Group>
          {readError && !purposeError && (
            <Alert
              variant="light"
              color="red"
              icon={integrity ? <IconShieldX size={18} /> : <IconLock size={18} />}
              title={integrity ? 'The record failed its integrity check' : 'Could not read the record'}
              data-testid="read-error"
              data-code={readError.code}
            >
              {readError.message}
            </Alert>
          )}
        </Stack>
      )}

      {canSeeLog && (
        <>
          <Divider label="Access log" labelPosition="left" />
          <AccessLog recordId={target.id} revision={accessRevision} />
        </>
      )}
    </Stack>
  );
}

/**
 * One record of the vault: its metadata (retention, legal hold, checksum), its content after a read
 * with a stated purpose, and who has read or found it. Content is never kept beyond this drawer.
 */
export function RecordDrawer({ target, defaultPurpose, onClose }: { target: RecordRef | null; defaultPurpose: string; onClose: () => void }) {
  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position="right"
      size={720}
      title={
        <Text fw={600} lineClamp={1}>
          {target?.title ?? 'Record'}
        </Text>
      }
    >
      {target && <RecordDetail key={target.id} target={target} defaultPurpose={defaultPurpose} />}
    </Drawer>
  );
}
