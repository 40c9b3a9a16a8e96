import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Group, JsonInput, Loader, PasswordInput, SegmentedControl, Stack, Table, Text, Textarea } from '@mantine/core';
import { IconCheck, IconDownload, IconFileExport, IconSend, IconSignature } from '@tabler/icons-react';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatUtc } from '../../lib/format';
import { useSession } from '../../stores/session.store';

import { clearSecrets, takeFields } from '../../lib/secret-fields';
import { isPinRefusal } from '../withdrawals/withdrawal-format';
import { holdsAny, SAR_OFFICERS } from '../alerts/alert-roles';
import { fromBase64 } from '../../lib/bytes';
import { saveFile } from '../../lib/save-file';
import { reportFieldsOf, reportFieldsUpdate, sarPermissions } from './case-format';

type SarView = CommandOutput<'sar.get'>['sar'];
type SarSummary = NonNullable<CommandOutput<'cases.get'>['sar']>;

const FORMATS = [
  { value: 'goaml', label: 'goAML XML' },
  { value: 'fincen', label: 'FinCEN SAR XML' },
  { value: 'pdf', label: 'PDF' },
] as const;

const STATE_COLORS: Readonly<Record<SarView['state'], string>> = { draft: 'yellow', approved: 'teal', filed: 'blue' };

/**
 * The report's other editable parts as JSON (subjects, reporting entity, indicators, action
 * taken): what the KYC file does not hold (an ID document's issue date) is completed here, and the
 * problems above name each missing field by its path.
 */
function ReportFields({ value, onChange, changed, busy, onSave }: { readonly value: string; readonly onChange: (v: string) => void; readonly changed: boolean; readonly busy: boolean; readonly onSave: () => void }) {
  return (
    <Stack gap={4}>
      <JsonInput
        label="Report fields"
        description="Subjects, reporting entity, indicators and action taken, as the report holds them."
        value={value}
        onChange={onChange}
        autosize
        minRows={4}
        maxRows={14}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        data-testid="sar-fields"
      />
      <Group>
        <Button size="xs" variant="light" disabled={!changed} loading={busy} onClick={onSave} data-testid="sar-fields-save">
          Save report fields
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * The SAR/STR of a case: drafted from the case (subject from the KYC file, transactions and
 * evidence from the alerts, the narrative template), the narrative edited while it is a draft,
 * approved by a compliance officer who did not draft it — their own token signs the approval, the
 * PIN read once from the form field (as a withdrawal approval reads it) and never kept — exported (goAML XML validated against the
 * XSD, FinCEN SAR XML, PDF; each export sealed in the vault and downloaded through the browser),
 * and filed into the next outbound bundle. Only SAR roles ever see this panel (canSeeSars).
 */
export function SarPanel({ caseId, summary, decision, onChanged }: { readonly caseId: string; readonly summary: SarSummary | null; readonly decision: 'sar' | 'no_sar' | null; readonly onChanged: () => void }) {
  const me = useSession((s) => s.operator);
  const isOfficer = me ? holdsAny(me.roles, SAR_OFFICERS) : false;
  const [sar, setSar] = useState<SarView | undefined>();
  const [kind, setKind] = useState<'SAR' | 'STR'>('STR');
  const [narrative, setNarrative] = useState('');
  const [fields, setFields] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<WireError | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const pinRef = useRef<HTMLInputElement>(null);
  /** A refusal by the token (wrong PIN), shown at the field; never the PIN itself. */
  const [pinError, setPinError] = useState<string | null>(null);
  // Focus for the next try once the field is enabled again (it is disabled while the token works).
  useEffect(() => {
    if (pinError) pinRef.current?.focus();
  }, [pinError]);

  useEffect(() => {
    if (!summary) {
      setSar(undefined);
      return;
    }
    let live = true;
    void invoke('sar.get', { id: summary.id }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setSar(result.value.sar);
        const text = result.value.sar.draft.narrative;
        setNarrative(typeof text === 'string' ? text : '');
        setFields(reportFieldsOf(result.value.sar.draft));
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [summary, revision]);

  if (!me) return null;
  const can = sarPermissions(sar ?? null, me, isOfficer, decision);
  const run = async <T,>(label: string, call: () => Promise<{ ok: true; value: T } | { ok: false; error: WireError }>, done: (value: T) => void): Promise<void> => {
    setBusy(label);
    setError(undefined);
    const result = await call();
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    done(result.value);
  };

  if (!summary) {
    return (
      <Stack gap="sm" data-testid="sar-panel" data-state="none">
        <ErrorAlert message={error?.message} />
        {can.canDraft ? (
          <Group gap="sm" align="flex-end">
            <SegmentedControl value={kind} onChange={(v) => setKind(v)} data={['STR', 'SAR']} data-testid="sar-kind" />
            <Button
              loading={busy === 'draft'}
              onClick={() =>
                void run('draft', () => invoke('sar.draft', { caseId, kind }), () => {
                  setNotice('Draft prefilled from the KYC file and the case’s alerts; complete the narrative.');
                  onChanged();
                })
              }
              data-testid="sar-draft"
            >
              Draft {kind} from this case
            </Button>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            The decision was not to file: no report is drafted.
          </Text>
        )}
      </Stack>
    );
  }

  if (!sar) return <Loader size="sm" />;
  const current = sar;
  /** The PIN goes from the field straight into the command; the field is blanked whatever the outcome. */
  async function approve(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget;
    const { tokenPin } = takeFields(form, ['tokenPin'], ['tokenPin']);
    if (tokenPin === '') {
      pinRef.current?.focus();
      return;
    }
    setNotice(null);
    setError(undefined);
    setPinError(null);
    setBusy('approve');
    const r = await invoke('sar.approve', { id: current.id, tokenPin });
    clearSecrets(form);
    setBusy(null);
    if (!r.ok) {
      if (isPinRefusal(r.error)) setPinError(r.error.message);
      else setError(r.error);
      return;
    }
    setNotice('Approved: your token signed this exact content. The signature is checked again before every export and the filing.');
    setRevision((n) => n + 1);
    onChanged();
  }
  const dirty = narrative !== (typeof sar.draft.narrative === 'string' ? sar.draft.narrative : '');
  const download = (format: 'goaml' | 'fincen' | 'pdf'): Promise<void> =>
    run(`export-${format}`, () => invoke('sar.export', { id: sar.id, format }), (value) => {
      saveFile(value.fileName, fromBase64(value.contentBase64), value.mediaType);
      setNotice(`${value.fileName} exported${format === 'pdf' ? '' : value.validated ? ' and validated against its schema' : ''}; sealed in the vault (sha256 ${value.sha256.slice(0, 12)}…).`);
      setRevision((r) => r + 1);
    });

  return (
    <Stack gap="sm" data-testid="sar-panel" data-sar-id={sar.id} data-state={sar.state}>
      <Group gap="sm">
        <Text fw={600} className="mono">
          {sar.id}
        </Text>
        <Badge variant="light" tt="none">
          {sar.kind}
        </Badge>
        <Badge color={STATE_COLORS[sar.state]} variant="light" tt="none" data-testid="sar-state">
          {sar.state}
        </Badge>
        <Text size="xs" c="dimmed">
          drafted by {sar.draftedBy} {formatUtc(sar.draftedAt)} UTC
          {sar.approvedBy ? ` · approved by ${sar.approvedBy} ${formatUtc(sar.approvedAt)} UTC${sar.approval ? ', signed by their token' : ''}` : ''}
          {sar.filedAt ? ` · filed ${formatUtc(sar.filedAt)} UTC` : ''}
        </Text>
      </Group>
      {notice && (
        <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)} data-testid="sar-notice">
          {notice}
        </Alert>
      )}
      <ErrorAlert message={error?.message} onClose={() => setError(undefined)} />
      {sar.problems.length > 0 && (
        <Alert color="yellow" variant="light" title="To complete before approval" data-testid="sar-problems">
          {sar.problems.map((p, i) => (
            <Text key={i} size="sm">
              <span className="mono">{p.path}</span> {p.message}
            </Text>
          ))}
        </Alert>
      )}
      <Textarea
        label="Narrative"
        description={sar.state === 'approved' ? 'Saving a change voids the approval: the report is approved again.' : 'Who, what, when, where, why and how; prefilled from the template.'}
        autosize
        minRows={6}
        maxRows={18}
        value={narrative}
        readOnly={!can.canEdit}
        onChange={(e) => setNarrative(e.currentTarget.value)}
        data-testid="sar-narrative"
      />
      {can.canEdit && (
        <ReportFields
          value={fields}
          onChange={setFields}
          changed={fields !== reportFieldsOf(sar.draft)}
          busy={busy === 'fields'}
          onSave={() => {
            const update = reportFieldsUpdate(fields);
            if (!update.ok) {
              setError({ code: 'VALIDATION', message: update.message });
              return;
            }
            void run('fields', () => invoke('sar.update', { id: sar.id, ...update.value }), () => {
              setNotice('Report fields saved.');
              setRevision((r) => r + 1);
              onChanged();
            });
          }}
        />
      )}
      <Group gap="sm" wrap="wrap">
        {can.canEdit && (
          <Button
            variant="light"
            disabled={!dirty}
            loading={busy === 'save'}
            onClick={() =>
              void run('save', () => invoke('sar.update', { id: sar.id, narrative }), () => {
                setNotice('Narrative saved.');
                setRevision((r) => r + 1);
                onChanged();
              })
            }
            data-testid="sar-save"
          >
            Save narrative
          </Button>
        )}
        {(sar.state === 'draft' || sar.approvalProblem) && !can.canApprove && sar.state !== 'filed' && (
          <Button color="teal" leftSection={<IconCheck size={16} />} disabled title={can.approveHint ?? undefined} data-testid="sar-approve">
            Approve
          </Button>
        )}
        {sar.state !== 'filed' && can.approveHint && (
          <Text size="xs" c="dimmed" data-testid="sar-approve-hint">
            {can.approveHint}
          </Text>
        )}
      </Group>
      {sar.approvalProblem && (
        <Alert color="red" variant="light" title="The approval does not hold" data-testid="sar-approval-problem">
          {sar.approvalProblem}.{' '}
          {sar.state === 'filed' ? 'The report was filed; new exports are refused.' : 'Exports and the filing are refused until a compliance officer approves the report again with their token.'}
        </Alert>
      )}
      {can.canApprove && (
        <form onSubmit={(e) => void approve(e)} autoComplete="off" noValidate data-testid="sar-approve-form">
          <Group gap="sm" align="flex-end">
            <PasswordInput
              ref={pinRef}
              name="tokenPin"
              label="Your token PIN"
              description="Your own token signs the report's content hash"
              autoComplete="off"
              w={280}
              error={pinError}
              onChange={() => setPinError(null)}
              disabled={busy !== null || dirty}
              data-testid="sar-approve-pin"
            />
            <Button
              type="submit"
              color="teal"
              leftSection={<IconSignature size={16} />}
              disabled={dirty || (busy !== null && busy !== 'approve')}
              title={dirty ? 'Save the narrative first.' : undefined}
              loading={busy === 'approve'}
              data-testid="sar-approve"
            >
              Approve and sign
            </Button>
          </Group>
        </form>
      )}
      {can.canExport && (
        <Group gap="xs" data-testid="sar-exports">
          <IconFileExport size={16} />
          {FORMATS.map((f) => (
            <Button key={f.value} size="xs" variant="default" leftSection={<IconDownload size={14} />} loading={busy === `export-${f.value}`} onClick={() => void download(f.value)} data-testid={`sar-export-${f.value}`}>
              {f.label}
            </Button>
          ))}
          {can.canFile && (
            <Button
              size="xs"
              leftSection={<IconSend size={14} />}
              loading={busy === 'file'}
              onClick={() =>
                void run('file', () => invoke('sar.file', { id: sar.id, format: 'goaml' }), () => {
                  setNotice('Filed: the goAML report goes out in the next outbound bundle.');
                  setRevision((r) => r + 1);
                  onChanged();
                })
              }
              data-testid="sar-file"
            >
              File in next bundle
            </Button>
          )}
        </Group>
      )}
      {sar.exports.length > 0 && (
        <Table verticalSpacing={2} fz="xs" data-testid="sar-export-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Exported (UTC)</Table.Th>
              <Table.Th>File</Table.Th>
              <Table.Th>Validated</Table.Th>
              <Table.Th>sha256</Table.Th>
              <Table.Th>By</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sar.exports.map((x) => (
              <Table.Tr key={x.id}>
                <Table.Td className="mono">{formatUtc(x.at)}</Table.Td>
                <Table.Td>{x.fileName}</Table.Td>
                <Table.Td>{x.format === 'pdf' ? '—' : x.validated ? 'yes' : 'no'}</Table.Td>
                <Table.Td className="mono" title={x.sha256}>
                  {x.sha256.slice(0, 16)}…
                </Table.Td>
                <Table.Td>{x.by}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
