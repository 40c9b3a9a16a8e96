import { useMemo, useState, type ReactNode } from 'react';
import { Badge, Code, Drawer, Group, Stack, Text } from '@mantine/core';
import type { CommandOutput, WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { HashText } from '../../components/HashText';
import { formatCount, formatUtc, shortHash } from '../../lib/format';
import { VirtualTable, type Column } from '../../components/VirtualTable';

export type Checkpoint = CommandOutput<'audit.checkpoints.list'>['checkpoints'][number];

/** What the last verification said about one checkpoint (verification stops at the first bad one). */
export type CheckpointState = 'verified' | 'bad' | 'unchecked';

export function checkpointState(seq: number, firstBadSeq: number | null | undefined, verifiedUpTo: number | null | undefined): CheckpointState {
  if (firstBadSeq != null) return seq < firstBadSeq ? 'verified' : seq === firstBadSeq ? 'bad' : 'unchecked';
  return verifiedUpTo != null && seq <= verifiedUpTo ? 'verified' : 'unchecked';
}

function StateBadge({ state }: { state: CheckpointState }) {
  switch (state) {
    case 'verified':
      return (
        <Badge size="sm" variant="light" color="teal" tt="none">
          Verifies
        </Badge>
      );
    case 'bad':
      return (
        <Badge size="sm" variant="filled" color="red" tt="none">
          Fails
        </Badge>
      );
    case 'unchecked':
      return (
        <Badge size="sm" variant="light" color="gray" tt="none">
          Not checked
        </Badge>
      );
    default: {
      const unknown: never = state;
      return unknown;
    }
  }
}

function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      {children}
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}

/** One checkpoint: what was signed, the signature, and how to check it with openssl anywhere. */
function CheckpointDrawer({ checkpoint, state, problem, onClose }: { checkpoint: Checkpoint | null; state: CheckpointState; problem: string | null; onClose: () => void }) {
  return (
    <Drawer opened={checkpoint !== null} onClose={onClose} position="right" size={600} title={checkpoint ? <Text fw={600}>Checkpoint at entry #{formatCount(checkpoint.seq)}</Text> : null}>
      {checkpoint && (
        <Stack gap="md" data-testid="checkpoint-detail" data-seq={checkpoint.seq}>
          <Group gap="sm">
            <StateBadge state={state} />
            {state === 'bad' && problem && (
              <Text size="sm" c="red.8">
                {problem}
              </Text>
            )}
          </Group>
          <Field label="Signed at (UTC)">
            <Text className="mono">{checkpoint.at}</Text>
          </Field>
          <Field label="Chain head signed" hint={`The hash of entry #${checkpoint.seq}; it commits to every entry before it.`}>
            <HashText value={checkpoint.headHash} full />
          </Field>
          <Field label="Signing key (console identity key, in the HSM)">
            <HashText value={checkpoint.keyFingerprint.replace(/\s+/g, '')} full />
          </Field>
          <Field label="Signed message" hint="RFC 8785 canonical JSON, signed with ECDSA P-256 / SHA-256.">
            <Code block className="mono" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {checkpoint.message}
            </Code>
          </Field>
          <Field label="Signature (DER, hex)">
            <HashText value={checkpoint.signature} full />
          </Field>
          <Field label="Check it anywhere" hint="console-public-key.pem is in every evidence package; compare its fingerprint with the one above.">
            <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {`printf '%s' '${checkpoint.message}' > checkpoint.json\nprintf '%s' '${checkpoint.signature}' | xxd -r -p > checkpoint.sig\nopenssl dgst -sha256 -verify console-public-key.pem -signature checkpoint.sig checkpoint.json`}
            </Code>
          </Field>
        </Stack>
      )}
    </Drawer>
  );
}

interface Props {
  readonly checkpoints: readonly Checkpoint[] | undefined;
  readonly error: WireError | undefined;
  readonly firstBadSeq: number | null | undefined;
  readonly verifiedUpTo: number | null | undefined;
  readonly problem: string | null;
}

/** The signed checkpoints of the audit chain, newest first, each with what the last verification said. */
export function CheckpointsTab({ checkpoints, error, firstBadSeq, verifiedUpTo, problem }: Props) {
  const [selected, setSelected] = useState<Checkpoint | null>(null);
  const rows = useMemo(() => [...(checkpoints ?? [])].reverse(), [checkpoints]);
  const columns = useMemo<Column<Checkpoint>[]>(
    () => [
      { key: 'seq', header: 'Up to entry', width: '110px', align: 'right', render: (c) => <span className="mono">#{formatCount(c.seq)}</span> },
      { key: 'at', header: 'Signed at (UTC)', width: '170px', render: (c) => <span className="mono">{formatUtc(c.at)}</span> },
      { key: 'state', header: 'Signature', width: '120px', render: (c) => <StateBadge state={checkpointState(c.seq, firstBadSeq, verifiedUpTo)} /> },
      { key: 'head', header: 'Chain head signed', width: 'minmax(200px, 1fr)', render: (c) => <span className="mono">{shortHash(c.headHash, 16, 8)}</span>, title: (c) => c.headHash },
      { key: 'key', header: 'Key fingerprint', width: 'minmax(180px, 1fr)', render: (c) => <span className="mono">{shortHash(c.keyFingerprint.replace(/\s+/g, ''), 12, 6)}</span>, title: (c) => c.keyFingerprint },
      { key: 'sig', header: 'Signature (DER)', width: 'minmax(180px, 1fr)', render: (c) => <span className="mono">{shortHash(c.signature, 12, 6)}</span>, title: (c) => c.signature },
    ],
    [firstBadSeq, verifiedUpTo],
  );
  return (
    <Stack gap="sm" h="100%" style={{ minHeight: 0 }}>
      <ErrorAlert message={error?.message} title="Could not load the checkpoints" />
      <Text size="sm" c="dimmed" data-testid="checkpoints-count">
        {checkpoints === undefined
          ? 'Loading…'
          : `${formatCount(checkpoints.length)} signed ${checkpoints.length === 1 ? 'checkpoint' : 'checkpoints'}, newest first. Each is the chain's head hash signed by the console identity key; rewriting history before one would need the HSM.`}
      </Text>
      <VirtualTable
        rows={rows}
        columns={columns}
        rowKey={(c) => c.seq}
        rowData={(c) => ({ 'data-seq': String(c.seq), 'data-state': checkpointState(c.seq, firstBadSeq, verifiedUpTo) })}
        onRowClick={setSelected}
        selectedKey={selected?.seq ?? null}
        hasMore={false}
        loading={checkpoints === undefined}
        onLoadMore={() => undefined}
        ariaLabel="Signed checkpoints"
        testId="checkpoints-table"
        rowTestId="checkpoint-row"
        empty="No checkpoint has been signed yet. One is signed every 1,000 entries, every hour of activity and when the console locks, or now with “Sign checkpoint now”."
      />
      <CheckpointDrawer checkpoint={selected} state={selected ? checkpointState(selected.seq, firstBadSeq, verifiedUpTo) : 'unchecked'} problem={problem} onClose={() => setSelected(null)} />
    </Stack>
  );
}
