import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Group, JsonInput, Loader, Progress, Stack, Table, Tabs, Text, TextInput, Textarea } from '@mantine/core';
import { IconCheck, IconFlask, IconPencilPlus, IconX } from '@tabler/icons-react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatUtc } from '../../lib/format';
import { useSession } from '../../stores/session.store';
import { backtestResultView, type BacktestResultView } from '../../../../src-shared/commands/monitoring.commands';
import { ALERT_WORKERS, holdsAny, RULE_OFFICERS } from '../alerts/alert-roles';
import { useJobProgress } from '../evidence/useJobProgress';
import { operatorName, useOperatorDirectory } from '../cases/operator-directory';
import { checkRuleText, issuesOfError, jsonPath, prettyDocument, type DocumentIssue } from './rule-editor';
import { constantIssue, diffDocuments, documentConstants } from './rule-form';
import { RuleForm } from './RuleForm';

type VersionView = CommandOutput<'monitoring.rules.list'>['versions'][number];

const STATE_COLORS: Readonly<Record<VersionView['state'], string>> = { draft: 'yellow', active: 'teal', retired: 'gray', rejected: 'red' };

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function Issues({ issues }: { readonly issues: readonly DocumentIssue[] }) {
  return (
    <Stack gap={2} data-testid="rule-issues">
      {issues.slice(0, 30).map((i, n) => (
        <Text key={n} size="sm" c="red.8" data-testid="rule-issue" data-path={i.path}>
          <span className="mono">{i.path}</span> {i.message}
        </Text>
      ))}
      {issues.length > 30 && (
        <Text size="xs" c="dimmed">
          and {issues.length - 30} more
        </Text>
      )}
    </Stack>
  );
}

/** A finished backtest: totals, per-rule counts beside the active set, the historical false-positive rate, a bar chart. */
function BacktestResult({ result }: { readonly result: BacktestResultView }) {
  const data = result.perRule.map((r) => ({ rule: r.ruleId, 'This version': r.wouldRaise, Active: r.activeRaised }));
  return (
    <Stack gap="sm" data-testid="backtest-result">
      <Group gap="lg">
        <Text size="sm">
          <b>{result.transactions.toLocaleString('en-US')}</b> transactions from {formatUtc(result.from)} to {formatUtc(result.to)} UTC
        </Text>
        <Text size="sm" data-testid="backtest-alerts">
          would raise <b>{result.alerts.toLocaleString('en-US')}</b> alerts; the active set{result.activeVersion ? ` (v${result.activeVersion})` : ''} raised <b>{result.activeAlerts.toLocaleString('en-US')}</b>
        </Text>
      </Group>
      <ResponsiveContainer width="100%" height={Math.max(180, 26 * data.length + 60)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} fontSize={11} />
          <YAxis type="category" dataKey="rule" width={170} fontSize={11} />
          <Tooltip />
          <Legend />
          <Bar dataKey="This version" fill="var(--mantine-color-vault-6, #1c7ed6)" isAnimationActive={false} />
          <Bar dataKey="Active" fill="var(--mantine-color-gray-5)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <Table verticalSpacing={3} fz="sm" data-testid="backtest-rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Rule</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Would raise</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Active raised</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Added</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Removed</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Historical false positives</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.perRule.map((r) => (
            <Table.Tr key={r.ruleId} data-testid="backtest-rule" data-rule-id={r.ruleId}>
              <Table.Td>
                {r.title}{' '}
                <Text span size="xs" c="dimmed" className="mono">
                  {r.ruleId}
                </Text>
              </Table.Td>
              <Table.Td className="mono" style={{ textAlign: 'right' }}>
                {r.wouldRaise}
              </Table.Td>
              <Table.Td className="mono" style={{ textAlign: 'right' }}>
                {r.activeRaised}
              </Table.Td>
              <Table.Td className="mono" c={r.added > 0 ? 'orange.8' : undefined} style={{ textAlign: 'right' }}>
                +{r.added}
              </Table.Td>
              <Table.Td className="mono" c={r.removed > 0 ? 'blue.8' : undefined} style={{ textAlign: 'right' }}>
                −{r.removed}
              </Table.Td>
              <Table.Td className="mono" style={{ textAlign: 'right' }} title={`${r.resolvedAlerts} resolved alerts`}>
                {r.historicalFalsePositiveRate === null ? '—' : `${(r.historicalFalsePositiveRate * 100).toFixed(1)} % of ${r.resolvedAlerts}`}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Backtest({ version }: { readonly version: number }) {
  const now = useMemo(() => Date.now(), []);
  const [from, setFrom] = useState(day(now - 90 * 86_400_000));
  const [to, setTo] = useState(day(now));
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<WireError | undefined>();
  const { job, error: pollError } = useJobProgress(jobId);
  const start = async (): Promise<void> => {
    setError(undefined);
    const result = await invoke('monitoring.backtest.start', { version, from: `${from}T00:00:00.000Z`, to: `${to}T23:59:59.999Z` });
    if (result.ok) setJobId(result.value.job);
    else setError(result.error);
  };
  const parsed = job?.state === 'done' ? backtestResultView.safeParse(job.result) : undefined;
  return (
    <Stack gap="sm" data-testid="backtest">
      <Group gap="sm" align="flex-end">
        <TextInput type="date" label="From (UTC)" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={170} data-testid="backtest-from" />
        <TextInput type="date" label="To (UTC)" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={170} data-testid="backtest-to" />
        <Button leftSection={<IconFlask size={16} />} onClick={() => void start()} loading={job?.state === 'running'} data-testid="backtest-start">
          Backtest v{version}
        </Button>
      </Group>
      <ErrorAlert message={error?.message ?? pollError?.message ?? job?.error?.message} title="Backtest not completed" />
      {job && job.state === 'running' && (
        <Stack gap={4} data-testid="backtest-progress">
          <Progress value={job.total > 0 ? (100 * job.done) / job.total : 0} animated />
          <Text size="xs" c="dimmed">
            {job.step} — {job.done.toLocaleString('en-US')} of {job.total.toLocaleString('en-US')}
          </Text>
        </Stack>
      )}
      {parsed && !parsed.success && <ErrorAlert message="The backtest finished but its result could not be read." />}
      {parsed?.success && <BacktestResult result={parsed.data} />}
    </Stack>
  );
}

/** The draft text as the form sees it: parsed JSON, or null while the text is not JSON. */
function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function Editor({ initial, activeVersion, onDrafted }: { readonly initial: string; readonly activeVersion: number | null; readonly onDrafted: (version: number) => void }) {
  const [text, setText] = useState(initial);
  const [tab, setTab] = useState<string>('form');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [serverIssues, setServerIssues] = useState<readonly DocumentIssue[] | null>(null);
  const [active, setActive] = useState<unknown>(undefined);
  const check = useMemo(() => checkRuleText(text), [text]);
  const loose = useMemo(() => parseLoose(text), [text]);
  // The form's own refusals (a USD constant that is not a decimal string, a count that is not whole), at their paths.
  const formIssues = useMemo<readonly DocumentIssue[]>(
    () =>
      loose === null
        ? []
        : documentConstants(loose).flatMap((c) => {
            const message = constantIssue(c);
            return message ? [{ path: jsonPath(c.path), message }] : [];
          }),
    [loose],
  );
  const issues = check.ok ? formIssues : [...check.issues, ...formIssues];
  const valid = check.ok && formIssues.length === 0;
  useEffect(() => {
    if (activeVersion === null) return setActive(parseLoose(initial));
    let live = true;
    void invoke('monitoring.rules.get', { version: activeVersion }).then((result) => {
      if (live && result.ok) setActive(result.value.document);
    });
    return () => {
      live = false;
    };
  }, [activeVersion, initial]);
  const diff = useMemo(() => (active === undefined || loose === null ? null : diffDocuments(active, loose)), [active, loose]);
  const edit = (next: string): void => {
    setText(next);
    setServerIssues(null);
  };
  const submit = async (): Promise<void> => {
    if (!check.ok || !valid) return;
    setBusy(true);
    const result = await invoke('monitoring.rules.draft', { document: check.document, note: note.trim() });
    setBusy(false);
    if (!result.ok) setServerIssues(issuesOfError(result.error));
    else onDrafted(result.value.version.version);
  };
  return (
    <Stack gap="sm" data-testid="rule-editor">
      <Tabs value={tab} onChange={(v) => v && setTab(v)} keepMounted={false}>
        <Tabs.List mb="xs">
          <Tabs.Tab value="form" data-testid="rule-editor-tab-form">
            Form
          </Tabs.Tab>
          <Tabs.Tab value="json" data-testid="rule-editor-tab-json">
            JSON
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="form">
          {loose === null ? (
            <Text size="sm" c="red.8">
              The draft is not valid JSON; fix it in the JSON tab first.
            </Text>
          ) : (
            <RuleForm doc={loose} issues={issues} onChange={(doc) => edit(prettyDocument(doc))} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="json">
          <JsonInput value={text} onChange={edit} autosize minRows={16} maxRows={28} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }} data-testid="rule-json" />
        </Tabs.Panel>
      </Tabs>
      {valid ? (
        <Text size="sm" c="teal.8" data-testid="rule-check-ok">
          Valid rule set: {check.ok ? check.document.rules.length : 0} rules, {check.ok ? check.document.aggregates.length : 0} aggregates. The core also checks fields, lists and termination when you submit.
        </Text>
      ) : (
        <Issues issues={issues} />
      )}
      {serverIssues && (
        <Alert color="red" variant="light" title="The core refused the draft; nothing was stored" data-testid="rule-server-issues">
          <Issues issues={serverIssues} />
        </Alert>
      )}
      {diff && (
        <Card withBorder radius="sm" padding="xs" bg="var(--mantine-color-gray-0)" data-testid="rule-diff">
          <Text size="xs" fw={600} tt="uppercase" c="gray.7" mb={4}>
            {activeVersion === null ? 'Changes from the starting version' : `Changes from the active version v${activeVersion}`}
          </Text>
          {diff.length === 0 ? (
            <Text size="sm" c="dimmed">
              No changes yet.
            </Text>
          ) : (
            diff.map((line) => (
              <Text key={line} size="sm" data-testid="rule-diff-line">
                {line}
              </Text>
            ))
          )}
        </Card>
      )}
      <Group align="flex-end" wrap="nowrap">
        <Textarea label="What changed and why" autosize minRows={1} value={note} onChange={(e) => setNote(e.currentTarget.value)} style={{ flex: 1 }} data-testid="rule-note" />
        <Button onClick={() => void submit()} disabled={!valid || note.trim().length < 3} loading={busy} data-testid="rule-submit">
          Submit draft
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        A draft becomes active only when a compliance officer other than its author approves it.
      </Text>
    </Stack>
  );
}

/**
 * Monitoring rules: every rule-set version (kept readable, so any alert can be replayed under the
 * rules that raised it), the active one, a form and a JSON editor for a new draft (one document,
 * checked against the shared grammar as you type, with its changes from the active version in words), approval or rejection by another officer, and backtests with progress.
 */
export function RulesPanel() {
  const me = useSession((s) => s.operator);
  const isOfficer = me ? holdsAny(me.roles, RULE_OFFICERS) : false;
  const canBacktest = me ? holdsAny(me.roles, ALERT_WORKERS) : false;
  const directory = useOperatorDirectory();
  const [versions, setVersions] = useState<readonly VersionView[] | undefined>();
  const [chosen, setChosen] = useState<number | null>(null);
  const [document, setDocument] = useState<{ readonly version: number; readonly text: string } | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [actionError, setActionError] = useState<WireError | undefined>();
  const [editing, setEditing] = useState(false);
  const [rejectReason, setRejectReason] = useState('');
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    let live = true;
    void invoke('monitoring.rules.list', {}).then((result) => {
      if (!live) return;
      if (!result.ok) return setError(result.error);
      setVersions(result.value.versions);
      setChosen((c) => c ?? result.value.versions.find((v) => v.state === 'active')?.version ?? result.value.versions[0]?.version ?? null);
    });
    return () => {
      live = false;
    };
  }, [revision]);

  useEffect(() => {
    if (chosen === null) return;
    let live = true;
    void invoke('monitoring.rules.get', { version: chosen }).then((result) => {
      if (!live) return;
      if (result.ok) setDocument({ version: chosen, text: prettyDocument(result.value.document) });
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [chosen, revision]);

  const version = versions?.find((v) => v.version === chosen);
  const active = versions?.find((v) => v.state === 'active');
  const mineToApprove = version && me ? version.author === me.id || version.author === me.username : false;
  const decide = async (approve: boolean): Promise<void> => {
    if (!version) return;
    setActionError(undefined);
    const result = approve ? await invoke('monitoring.rules.approve', { version: version.version }) : await invoke('monitoring.rules.reject', { version: version.version, reason: rejectReason.trim() });
    if (!result.ok) setActionError(result.error);
    else {
      setRejectReason('');
      setRevision((r) => r + 1);
    }
  };

  return (
    <Stack gap="sm" pt="sm" style={{ flex: 1, minHeight: 0, overflow: 'auto' }} data-testid="rules-panel">
      <ErrorAlert message={error?.message} title="Could not load the rules" />
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {active ? `Active: version ${active.version} (${active.ruleCount} rules), approved by ${active.approvedBy ? operatorName(directory, active.approvedBy) : '—'} on ${formatUtc(active.activatedAt)} UTC.` : 'No rule set is active.'}
        </Text>
        {isOfficer && !editing && (
          <Button variant="light" leftSection={<IconPencilPlus size={16} />} onClick={() => setEditing(true)} disabled={!document} data-testid="rule-new-draft">
            New draft from v{document?.version ?? '…'}
          </Button>
        )}
      </Group>
      {!versions ? (
        <Loader size="sm" />
      ) : (
        <Table verticalSpacing={4} fz="sm" highlightOnHover data-testid="rule-versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Rules</Table.Th>
              <Table.Th>Author</Table.Th>
              <Table.Th>Created (UTC)</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Approved by</Table.Th>
              <Table.Th>Note</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((v) => (
              <Table.Tr key={v.version} onClick={() => { setChosen(v.version); setEditing(false); }} style={{ cursor: 'pointer' }} bg={v.version === chosen ? 'var(--mantine-color-blue-light)' : undefined} data-testid="rule-version" data-version={v.version} data-state={v.state}>
                <Table.Td className="mono">v{v.version}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge size="sm" variant="light" color={STATE_COLORS[v.state]} tt="none" style={{ overflow: 'visible' }}>
                    {v.state}
                  </Badge>
                </Table.Td>
                <Table.Td className="mono" style={{ textAlign: 'right' }}>
                  {v.ruleCount}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }} title={operatorName(directory, v.author)}>{directory.get(v.author)?.displayName ?? v.author}</Table.Td>
                <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>
                  {formatUtc(v.createdAt)}
                </Table.Td>
                <Table.Td>{v.approvedBy ? operatorName(directory, v.approvedBy) : v.rejectedBy ? `rejected by ${operatorName(directory, v.rejectedBy)}` : '—'}</Table.Td>
                <Table.Td title={v.rejectReason ?? v.note}>{v.note}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ErrorAlert message={actionError?.message} onClose={() => setActionError(undefined)} />
      {editing && document ? (
        <Card withBorder radius="md" padding="sm">
          <Group justify="space-between" mb="xs">
            <Text fw={600}>New draft (starting from v{document.version})</Text>
            <Button size="xs" variant="subtle" color="gray" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </Group>
          <Editor
            initial={document.text}
            activeVersion={active?.version ?? null}
            onDrafted={(v) => {
              setEditing(false);
              setChosen(v);
              setRevision((r) => r + 1);
            }}
          />
        </Card>
      ) : (
        version && (
          <Card withBorder radius="md" padding="sm" data-testid="rule-version-detail" data-version={version.version}>
            <Group justify="space-between" mb="xs" wrap="nowrap">
              <Text fw={600}>
                Version {version.version} · {version.state}
              </Text>
              {version.state === 'draft' && isOfficer && (
                <Group gap="xs" wrap="nowrap">
                  {mineToApprove ? (
                    <Text size="xs" c="dimmed" data-testid="rule-own-draft">
                      You wrote this draft: another compliance officer approves or rejects it.
                    </Text>
                  ) : (
                    <>
                      <TextInput size="xs" placeholder="Reason to reject (≥ 10 characters)" value={rejectReason} onChange={(e) => setRejectReason(e.currentTarget.value)} w={260} data-testid="rule-reject-reason" />
                      <Button size="xs" color="red" variant="light" leftSection={<IconX size={14} />} disabled={rejectReason.trim().length < 10} onClick={() => void decide(false)} data-testid="rule-reject">
                        Reject
                      </Button>
                      <Button size="xs" color="teal" leftSection={<IconCheck size={14} />} onClick={() => void decide(true)} data-testid="rule-approve">
                        Approve and activate
                      </Button>
                    </>
                  )}
                </Group>
              )}
            </Group>
            {canBacktest && <Backtest key={version.version} version={version.version} />}
            <Text size="xs" fw={600} tt="uppercase" c="gray.7" mt="sm" mb={4}>
              Document
            </Text>
            {document?.version === version.version ? (
              <JsonInput value={document.text} readOnly autosize minRows={8} maxRows={24} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }} data-testid="rule-document" />
            ) : (
              <Loader size="xs" />
            )}
          </Card>
        )
      )}
    </Stack>
  );
}
