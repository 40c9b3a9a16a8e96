import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Drawer, Group, Progress, SegmentedControl, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { formatUtc } from '../../lib/format';
import { useSession } from '../../stores/session.store';
import { featureLabel, formatEffect, formatMatchScore, reasonProblem } from './kyc-format';
import { holdsAny, RESCREEN_STARTERS } from './kyc-roles';

type Lists = CommandOutput<'kyc.lists.list'>['lists'];
type Status = CommandOutput<'kyc.rescreen.status'>;
type Job = NonNullable<Status['job']>;
type NameMatches = CommandOutput<'kyc.screen.name'>;
type AddressHits = CommandOutput<'kyc.screen.address'>;

const percent = (job: Pick<Job, 'done' | 'total'>): number => (job.total > 0 ? Math.round((job.done / job.total) * 100) : 0);

/** A re-screen job's progress (Mantine Progress), as the core reports it. */
export function RescreenProgress({ job }: { job: Job }) {
  return (
    <Stack gap={4} data-testid="kyc-rescreen-progress" data-state={job.state} data-done={job.done} data-total={job.total}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {job.state === 'running' ? 'Re-screening everyone' : job.state === 'done' ? 'Re-screen finished' : 'Re-screen failed'}
        </Text>
        <Text size="xs" c="dimmed">
          {job.step}
        </Text>
      </Group>
      <Progress value={job.state === 'done' ? 100 : percent(job)} color={job.state === 'failed' ? 'red' : job.state === 'done' ? 'teal' : 'indigo'} animated={job.state === 'running'} aria-label="Re-screen progress" />
      {job.error && (
        <Text size="xs" c="red">
          {job.error.message}
        </Text>
      )}
    </Stack>
  );
}

/** Polls the re-screen status while `active` (every second while a job runs, every 5 s otherwise). */
export function useRescreenStatus(active: boolean): { status: Status | undefined; refresh: () => void } {
  const [status, setStatus] = useState<Status | undefined>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    void invoke('kyc.rescreen.status', {}).then((r) => {
      if (!stopped && r.ok) setStatus(r.value);
    });
    const running = status?.job?.state === 'running' || (status?.pending.length ?? 0) > 0;
    const timer = setTimeout(() => setTick((t) => t + 1), running ? 1_000 : 5_000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, tick]); // re-polled on the tick: `status` only chooses the next delay
  return { status, refresh: useCallback(() => setTick((t) => t + 1), []) };
}

function ListsOverview({ lists }: { lists: Lists | undefined }) {
  if (!lists) return <Text size="sm">Loading…</Text>;
  if (lists.length === 0) return <Text size="sm">No screening list has been imported yet.</Text>;
  return (
    <Table striped withTableBorder data-testid="kyc-lists-table" fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>List</Table.Th>
          <Table.Th>Kind</Table.Th>
          <Table.Th>Active version</Table.Th>
          <Table.Th ta="right">Entries</Table.Th>
          <Table.Th ta="right">Addresses</Table.Th>
          <Table.Th>Imported (UTC)</Table.Th>
          <Table.Th>From</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lists.map((l) => (
          <Table.Tr key={l.id} data-testid="kyc-list-row" data-list-id={l.id}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {l.name}
              </Text>
              <Text size="xs" c="dimmed" className="mono">
                {l.id} · threshold {l.threshold.toFixed(2)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs" fw={600} c={l.kind === 'sanctions' ? 'red.8' : 'grape.8'} style={{ whiteSpace: 'nowrap' }}>
                {l.kind === 'sanctions' ? 'Sanctions' : 'PEP'}
              </Text>
            </Table.Td>
            <Table.Td className="mono">{l.active ? `${l.active.version} (published ${l.active.publishedAt.slice(0, 10)})` : '—'}</Table.Td>
            <Table.Td ta="right">{l.currentEntries.toLocaleString('en-GB')}</Table.Td>
            <Table.Td ta="right">{l.addresses.toLocaleString('en-GB')}</Table.Td>
            <Table.Td className="mono">{l.active ? formatUtc(l.active.importedAt) : '—'}</Table.Td>
            <Table.Td>
              <Text size="xs" className="mono" title={l.active?.via}>
                {l.active ? (l.active.via.startsWith('bundle:') ? `bundle ${l.active.via.slice(7, 19)}…` : l.active.via) : '—'}
              </Text>
              <Text size="xs" c="dimmed">
                {l.active?.importedBy ?? ''}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function RescreenSection({ status, onStarted }: { status: Status | undefined; onStarted: () => void }) {
  const roles = useSession((s) => s.operator?.roles) ?? [];
  const mayStart = holdsAny(roles, RESCREEN_STARTERS);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<WireError | undefined>();
  const [job, setJob] = useState<Job | undefined>();
  const problem = reasonProblem(reason, 'the reason');

  // A job this operator started is followed with jobs.get; any other through kyc.rescreen.status.
  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const timer = setTimeout(() => {
      void invoke('jobs.get', { id: job.id }).then((r) => {
        // Someone else's job already running (jobs.get answers its owner only): follow it through kyc.rescreen.status.
        setJob(r.ok ? r.value.job : undefined);
      });
    }, 500);
    return () => clearTimeout(timer);
  }, [job]);

  const start = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    if (problem) return;
    setError(undefined);
    const r = await invoke('kyc.rescreen.start', { reason: reason.trim() });
    if (r.ok) {
      setJob(r.value.job);
      setReason('');
      setTouched(false);
      onStarted();
    } else setError(r.error);
  };

  const shown = job ?? status?.job ?? undefined;
  return (
    <Stack gap="sm" data-testid="kyc-rescreen-section">
      {shown ? <RescreenProgress job={shown} /> : <Text size="sm">No re-screen has run since the console was unlocked.</Text>}
      {status && status.last.length > 0 && (
        <Stack gap={2} data-testid="kyc-rescreen-last">
          {status.last.map((r) => (
            <Text key={r.listId} size="xs" c="dimmed">
              {r.listId} {r.version}: {r.subjects.toLocaleString('en-GB')} subjects against {r.entriesScreened.toLocaleString('en-GB')} entries{r.full ? ' (whole list)' : ''} — {r.newHits} new hit(s), {r.rescored} re-scored; {formatUtc(r.finishedAt)} ({r.reason})
            </Text>
          ))}
        </Stack>
      )}
      {mayStart && (
        <form onSubmit={(e) => void start(e)} data-testid="kyc-rescreen-form">
          <Group align="flex-end" gap="sm">
            <Textarea label="Re-screen everyone against the whole of every list" placeholder="Why (e.g. matcher thresholds changed)" autosize minRows={1} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={touched ? problem : undefined} style={{ flex: 1 }} data-testid="kyc-rescreen-reason" />
            <Button type="submit" color="indigo" disabled={shown?.state === 'running'} data-testid="kyc-rescreen-start">
              Re-screen everyone
            </Button>
          </Group>
          {error && (
            <Alert mt="xs" color="red" variant="light" title="Refused" role="alert">
              {error.message}
            </Alert>
          )}
        </form>
      )}
    </Stack>
  );
}

function AdHocScreening() {
  const [mode, setMode] = useState<'name' | 'address'>('name');
  const [name, setName] = useState('');
  const [birth, setBirth] = useState('');
  const [country, setCountry] = useState('');
  const [address, setAddress] = useState('');
  const [chain, setChain] = useState<'bitcoin' | 'ethereum'>('ethereum');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | undefined>();
  const [names, setNames] = useState<NameMatches | undefined>();
  const [addresses, setAddresses] = useState<AddressHits | undefined>();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    if (mode === 'name') {
      const countries = country.trim() ? [country.trim().toUpperCase()] : undefined;
      const r = await invoke('kyc.screen.name', { name: name.trim(), ...(birth.trim() ? { birthDate: birth.trim() } : {}), ...(countries ? { countries } : {}), limit: 10 });
      if (r.ok) setNames(r.value);
      else setError(r.error);
    } else {
      const r = await invoke('kyc.screen.address', { chain, address: address.trim() });
      if (r.ok) setAddresses(r.value);
      else setError(r.error);
    }
    setBusy(false);
  };

  return (
    <Stack gap="sm" data-testid="kyc-adhoc">
      <form onSubmit={(e) => void submit(e)} data-testid="kyc-adhoc-form" data-mode={mode}>
        <Stack gap="xs">
          <SegmentedControl
            value={mode}
            onChange={(v) => setMode(v === 'address' ? 'address' : 'name')}
            data={[
              { value: 'name', label: 'A name' },
              { value: 'address', label: 'An address' },
            ]}
            w={260}
            data-testid="kyc-adhoc-mode"
          />
          {mode === 'name' ? (
            <Group align="flex-end" gap="sm">
              <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} style={{ flex: 1 }} data-testid="kyc-adhoc-name" />
              <TextInput label="Born (optional)" placeholder="YYYY or YYYY-MM-DD" value={birth} onChange={(e) => setBirth(e.currentTarget.value)} w={150} data-testid="kyc-adhoc-birth" />
              <TextInput label="Country (optional)" placeholder="RU" value={country} onChange={(e) => setCountry(e.currentTarget.value)} w={120} data-testid="kyc-adhoc-country" />
            </Group>
          ) : (
            <Group align="flex-end" gap="sm">
              <SegmentedControl value={chain} onChange={(v) => setChain(v === 'bitcoin' ? 'bitcoin' : 'ethereum')} data={['ethereum', 'bitcoin']} data-testid="kyc-adhoc-chain" />
              <TextInput label="Address" value={address} onChange={(e) => setAddress(e.currentTarget.value)} style={{ flex: 1 }} className="mono" data-testid="kyc-adhoc-address" />
            </Group>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={busy} data-testid="kyc-adhoc-submit">
              Screen
            </Button>
          </Group>
        </Stack>
      </form>
      {error && (
        <Alert color="red" variant="light" title="Refused" role="alert" data-testid="kyc-adhoc-refusal">
          {error.message}
        </Alert>
      )}
      {mode === 'name' && names && (
        <Stack gap="xs" data-testid="kyc-adhoc-results">
          <Text size="xs" c="dimmed">
            {names.matches.length === 0 ? `No candidate on the ${names.listsSearched} active list(s).` : `${names.matches.length} candidate(s), best first, from ${names.listsSearched} active list(s).`}
          </Text>
          {names.matches.map((m, i) => (
            <Stack key={`${m.listId}-${m.entryId}`} gap={2} p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6 }} data-testid="kyc-adhoc-candidate" data-rank={i + 1} data-score={m.score}>
              <Group gap="xs">
                <Badge size="sm" color={m.aboveThreshold ? 'red' : 'gray'} variant={m.aboveThreshold ? 'filled' : 'light'} tt="none">
                  {formatMatchScore(m.score)}
                </Badge>
                <Text size="sm" fw={500}>
                  {m.entryName}
                </Text>
                <Text size="xs" c="dimmed">
                  {m.listName} {m.listVersion} · entry {m.entryId}
                  {m.programs.length > 0 ? ` · ${m.programs.join(', ')}` : ''} · matched “{m.matchedName}” · threshold {formatMatchScore(m.threshold)}
                </Text>
              </Group>
              {m.agreed.map((f, j) => (
                <Text key={`a${j}`} size="xs" c="teal.9">
                  + {featureLabel(f.feature)}: {f.detail} ({formatEffect(f.effect)})
                </Text>
              ))}
              {m.penalised.map((f, j) => (
                <Text key={`p${j}`} size="xs" c="red.8">
                  − {featureLabel(f.feature)}: {f.detail} ({formatEffect(f.effect)})
                </Text>
              ))}
            </Stack>
          ))}
        </Stack>
      )}
      {mode === 'address' && addresses && (
        <Stack gap="xs" data-testid="kyc-adhoc-results">
          <Text size="sm" fw={500} c={addresses.hits.length > 0 ? 'red' : undefined} className="mono">
            {addresses.normalised}: {addresses.hits.length > 0 ? 'LISTED' : `not listed (${addresses.listsSearched} list(s) with addresses searched)`}
          </Text>
          {addresses.hits.map((h) => (
            <Text key={`${h.listId}-${h.entryId}`} size="xs" data-testid="kyc-adhoc-address-hit">
              {h.listId} {h.listVersion} · entry {h.entryId} {h.entryName} · {h.asset} as published {h.address}
              {h.programs.length > 0 ? ` · ${h.programs.join(', ')}` : ''}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/**
 * Screening at a glance for compliance staff: each list with its active version, size and where
 * it came from; the re-screen of everyone (progress, and a new one on demand for a compliance
 * officer); and ad hoc screening of a name or an address with the ranked candidates and why.
 */
export function ScreeningDrawer({ opened, onClose, status, onStarted }: { opened: boolean; onClose: () => void; status: Status | undefined; onStarted: () => void }) {
  const [lists, setLists] = useState<Lists | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  useEffect(() => {
    if (!opened) return;
    void invoke('kyc.lists.list', {}).then((r) => {
      if (r.ok) setLists(r.value.lists);
      else setError(r.error);
    });
  }, [opened, status?.last]);
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="xl" title={<Title order={3}>Screening</Title>} data-testid="kyc-screening-drawer">
      <Stack gap="lg">
        {error && (
          <Alert color="red" variant="light" title="Could not load the lists">
            {error.message}
          </Alert>
        )}
        <Stack gap="xs">
          <Title order={5}>Lists</Title>
          <ListsOverview lists={lists} />
        </Stack>
        <Stack gap="xs">
          <Title order={5}>Re-screen</Title>
          <RescreenSection status={status} onStarted={onStarted} />
        </Stack>
        <Stack gap="xs">
          <Title order={5}>Screen a name or an address</Title>
          <AdHocScreening />
        </Stack>
      </Stack>
    </Drawer>
  );
}
