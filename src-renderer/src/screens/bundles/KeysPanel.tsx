import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Group, PasswordInput, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconKey, IconLock, IconShieldCheck } from '@tabler/icons-react';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrors } from '../../lib/errors';
import { formatUtc } from '../../lib/format';

type Status = CommandOutput<'bundles.nodeKey.status'>;
type Rotation = Status['rotations'][number];

function RotationCard({ rotation, canApprove, onDone }: { rotation: Rotation; canApprove: boolean; onDone: () => void }) {
  // The PIN lives only in the field: read once when approving, then blanked; never in React state.
  const pinRef = useRef<HTMLInputElement>(null);
  const [pinLongEnough, setPinLongEnough] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<WireError | undefined>();
  const [busy, setBusy] = useState(false);
  const act = async (kind: 'approve' | 'reject'): Promise<void> => {
    setBusy(true);
    const field = pinRef.current;
    const r = kind === 'approve' ? await invoke('bundles.rotations.approve', { rotationId: rotation.id, tokenPin: field?.value ?? '' }) : await invoke('bundles.rotations.reject', { rotationId: rotation.id, reason });
    if (field) field.value = '';
    setPinLongEnough(false);
    setBusy(false);
    if (r.ok) onDone();
    else setError(r.error);
  };
  return (
    <Card withBorder radius="md" padding="md" data-testid="rotation">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>Key rotation {rotation.id}</Text>
          <Badge variant="light" color={rotation.status === 'pending' ? 'yellow' : rotation.status === 'approved' ? 'teal' : 'gray'}>
            {rotation.status}
          </Badge>
        </Group>
        <Text size="sm">Reason given by the node: {rotation.reason}</Text>
        <Text size="xs" c="dimmed">
          Old key <span className="mono">{rotation.oldFingerprint}</span>
        </Text>
        <Text size="xs">
          New key <span className="mono">{rotation.newFingerprint}</span>
        </Text>
        <Text size="xs" c="dimmed">
          Your token signs the statement with SHA-256 <span className="mono">{rotation.digest}</span>. Approvals {rotation.approvals.length} of {rotation.needed}
          {rotation.approvals.length > 0 ? `: ${rotation.approvals.map((a) => a.username).join(', ')}` : ''}.
        </Text>
        {rotation.status === 'pending' && canApprove && (
          <Group gap="sm" align="flex-end">
            <PasswordInput label="Your token PIN" w={200} ref={pinRef} onChange={(e) => setPinLongEnough(e.currentTarget.value.length >= 4)} autoComplete="off" />
            <Button leftSection={<IconShieldCheck size={16} />} disabled={!pinLongEnough} loading={busy} onClick={() => void act('approve')}>
              Approve with my token
            </Button>
            <TextInput label="Or reject, with the reason" w={300} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            <Button variant="default" color="red" disabled={reason.trim().length < 10} loading={busy} onClick={() => void act('reject')}>
              Reject
            </Button>
          </Group>
        )}
        <ErrorAlert message={error?.message} onClose={() => setError(undefined)} />
      </Stack>
    </Card>
  );
}

/** The key ceremony form: the node's public key, and its fingerprint typed back after comparing by eye. */
function PinForm({ onDone }: { onDone: () => void }) {
  const [nodeId, setNodeId] = useState('');
  const [nodeName, setNodeName] = useState('');
  const [pem, setPem] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const [error, setError] = useState<WireError | undefined>();
  const fields = fieldErrors(error);
  const pin = async (): Promise<void> => {
    const r = await invoke('bundles.nodeKey.pin', { nodeId, nodeName, publicKeyPem: pem, confirmFingerprint: fingerprint });
    if (r.ok) onDone();
    else setError(r.error);
  };
  return (
    <Card withBorder radius="md" padding="md" data-testid="pin-form">
      <Stack gap="sm">
        <Text fw={600}>Key ceremony: pin the online node’s key</Text>
        <Text size="sm" c="dimmed">
          On the online node run <span className="mono">vaultline node identity</span>. Paste its public key, then read the fingerprint off the online node’s own screen and type it here. The console refuses a fingerprint that does not match.
        </Text>
        <SimpleGrid cols={2} spacing="sm">
          <TextInput label="Node id" value={nodeId} onChange={(e) => setNodeId(e.currentTarget.value)} error={fields.nodeId} />
          <TextInput label="Node name" value={nodeName} onChange={(e) => setNodeName(e.currentTarget.value)} error={fields.nodeName} />
        </SimpleGrid>
        <Textarea label="Public key (PEM)" autosize minRows={4} classNames={{ input: 'mono' }} value={pem} onChange={(e) => setPem(e.currentTarget.value)} error={fields.publicKeyPem} />
        <TextInput label="Fingerprint, as shown on the online node" classNames={{ input: 'mono' }} value={fingerprint} onChange={(e) => setFingerprint(e.currentTarget.value)} error={fields.confirmFingerprint} />
        <ErrorAlert message={error?.message} onClose={() => setError(undefined)} />
        <Group>
          <Button leftSection={<IconKey size={16} />} onClick={() => void pin()} disabled={!nodeId || !pem || !fingerprint}>
            Pin this key
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/**
 * The key the online node sent for filed reports (they leave sealed to it): its fingerprint, when it
 * came and under which signing key; or why a filed report cannot be sealed now.
 */
function EncryptionKeyCard({ status }: { status: Status }) {
  const key = status.encryptionKey;
  return (
    <Card withBorder radius="md" padding="md" data-testid="encryption-key">
      <Stack gap={6}>
        <Group justify="space-between">
          <Group gap={6}>
            <IconLock size={16} />
            <Text fw={600}>Encryption key for filed reports</Text>
          </Group>
          <Badge color={status.sealingProblem ? 'yellow' : 'teal'} variant="light">
            {key ? (status.sealingProblem ? 'not usable' : `received ${formatUtc(key.receivedAt)}`) : 'not received'}
          </Badge>
        </Group>
        {key && (
          <>
            <Text size="sm" className="mono" data-testid="encryption-fingerprint">
              {key.fingerprint}
            </Text>
            <Text size="xs" c="dimmed">
              Sent by the node under its signing key <span className="mono">{key.signingKeyFingerprint.slice(0, 39)}…</span>; made {formatUtc(key.createdAt)}. SAR/STR
              reports and their documents leave sealed to it: whoever carries the bundle cannot read them.
            </Text>
          </>
        )}
        {status.sealingProblem && (
          <Text size="sm" c="yellow.8">
            {status.sealingProblem} Until then, filing a SAR/STR is refused.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** The online node's key: what is pinned, earlier keys, rotations to approve; ceremony and revocation for admins. */
export function KeysPanel({ revision, isAdmin, canApprove, onChanged }: { revision: number; isAdmin: boolean; canApprove: boolean; onChanged: () => void }) {
  const [status, setStatus] = useState<Status | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [reason, setReason] = useState('');
  useEffect(() => {
    let live = true;
    void invoke('bundles.nodeKey.status', {}).then((r) => {
      if (!live) return;
      if (r.ok) setStatus(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [revision]);
  const revoke = async (): Promise<void> => {
    const r = await invoke('bundles.nodeKey.revoke', { reason });
    if (r.ok) onChanged();
    else setError(r.error);
  };
  return (
    <Stack gap="md" maw={1100}>
      <ErrorAlert message={error?.message} onClose={() => setError(undefined)} />
      {status?.active ? (
        <Card withBorder radius="md" padding="md" data-testid="pinned-key">
          <Stack gap={6}>
            <Group justify="space-between">
              <Text fw={600}>
                {status.active.nodeName} <Text span c="dimmed">({status.active.nodeId})</Text>
              </Text>
              <Badge color="teal" variant="light">
                pinned since {formatUtc(status.active.activatedAt)}
              </Badge>
            </Group>
            <Text size="sm" className="mono" data-testid="pinned-fingerprint">
              {status.active.fingerprint}
            </Text>
            {isAdmin && (
              <Group gap="sm" align="flex-end" mt="xs">
                <TextInput label="Revoke (compromise), with the reason" w={420} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
                <Button color="red" variant="light" disabled={reason.trim().length < 10} onClick={() => void revoke()}>
                  Revoke key
                </Button>
              </Group>
            )}
          </Stack>
        </Card>
      ) : (
        status && (
          <Alert variant="light" color="yellow" title="No online-node key is pinned">
            No inbound bundle is accepted until an administrator pins the online node’s key.
          </Alert>
        )
      )}
      {status && !status.active && isAdmin && <PinForm onDone={onChanged} />}
      {status?.active && <EncryptionKeyCard status={status} />}
      {status?.rotations.map((r) => <RotationCard key={r.id} rotation={r} canApprove={canApprove} onDone={onChanged} />)}
      {status && status.keys.filter((k) => k.status !== 'active').length > 0 && (
        <Table verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Earlier key</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Until (UTC)</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {status.keys
              .filter((k) => k.status !== 'active')
              .map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Td className="mono">{k.fingerprint.slice(0, 39)}…</Table.Td>
                  <Table.Td>{k.status}</Table.Td>
                  <Table.Td>{formatUtc(k.endedAt)}</Table.Td>
                  <Table.Td>{k.endReason ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
