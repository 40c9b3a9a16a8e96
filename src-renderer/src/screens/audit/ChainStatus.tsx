import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Alert, Anchor, Button, Divider, Group, Paper, Skeleton, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertOctagon, IconRefresh, IconShieldCheck, IconShieldX, IconSignature } from '@tabler/icons-react';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { HashText } from '../../components/HashText';
import { formatCount, formatUtc } from '../../lib/format';
import type { Checkpoint } from './CheckpointsTab';

export type Verdict = CommandOutput<'audit.verify'>;

function Stat({ label, children, grow = false }: { label: string; children: ReactNode; grow?: boolean }) {
  return (
    <Stack gap={2} style={{ flex: grow ? 1 : undefined, minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** The core's problem text as a sentence: capital first, full stop last. */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function headline(verdict: Verdict): { readonly title: string; readonly detail: string } {
  if (!verdict.valid) return { title: `Audit chain broken at entry #${verdict.firstBrokenSeq ?? '?'}`, detail: verdict.problem ?? 'An entry does not match the chain.' };
  if (verdict.firstBadCheckpointSeq !== null) {
    return {
      title: `Signed checkpoint #${formatCount(verdict.firstBadCheckpointSeq)} does not verify`,
      detail: 'The hash chain is intact, but a signature over it by the console identity key does not hold.',
    };
  }
  return {
    title: 'Audit chain intact',
    detail:
      verdict.checkpoints > 0
        ? 'Every entry links to the hash of the one before it and matches its own content, and every signed checkpoint verifies against the console identity key.'
        : 'Every entry links to the hash of the one before it and matches its own content. No checkpoint has been signed yet.',
  };
}

interface Props {
  readonly refreshKey: number;
  /** Signed checkpoints, oldest first (for the last one's time). */
  readonly checkpoints: readonly Checkpoint[] | undefined;
  /** A checkpoint was signed: the screen reloads what depends on it. */
  readonly onSigned: () => void;
  readonly onShowCheckpoints: () => void;
  /** Told each verification's result (the checkpoints list marks what it verified). */
  readonly onVerdict: (verdict: Verdict) => void;
}

/**
 * The audit chain's verification (audit.verify) with its signed checkpoints, shown above the trail:
 * what is covered by the chain, what also by an HSM signature, and the first thing that fails.
 */
export function ChainStatus({ refreshKey, checkpoints, onSigned, onShowCheckpoints, onVerdict }: Props) {
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [busy, setBusy] = useState(false);
  const [signing, setSigning] = useState(false);

  const verify = useCallback(async () => {
    setBusy(true);
    const result = await invoke('audit.verify', {});
    setBusy(false);
    if (result.ok) {
      setVerdict(result.value);
      setError(undefined);
      onVerdict(result.value);
    } else {
      setError(result.error);
    }
  }, [onVerdict]);

  useEffect(() => {
    void verify();
  }, [verify, refreshKey]);

  const sign = async (): Promise<void> => {
    setSigning(true);
    const result = await invoke('audit.checkpoint', {});
    setSigning(false);
    if (!result.ok) {
      notifications.show({ color: 'red', title: 'No checkpoint signed', message: result.error.message });
      return;
    }
    const made = result.value.checkpoint;
    notifications.show(
      made
        ? { color: 'teal', title: `Checkpoint #${formatCount(made.seq)} signed`, message: `The chain up to entry #${formatCount(made.seq)} is now signed by the console identity key.` }
        : { color: 'gray', title: 'Nothing new to sign', message: 'The last entry is already covered by a signed checkpoint.' },
    );
    onSigned();
  };

  const checkpointBad = verdict?.firstBadCheckpointSeq != null;
  const healthy = verdict?.valid === true && !checkpointBad;
  const color = !verdict ? 'gray' : healthy ? 'teal' : 'red';
  const last = verdict?.lastCheckpointSeq != null ? checkpoints?.find((c) => c.seq === verdict.lastCheckpointSeq) : undefined;
  const head = verdict ? headline(verdict) : undefined;

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      data-testid="chain-status"
      data-valid={verdict ? String(verdict.valid) : undefined}
      data-checkpoints-valid={verdict ? String(!checkpointBad) : undefined}
      style={{ borderLeft: `4px solid var(--mantine-color-${color}-6)` }}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
        <Group align="flex-start" wrap="nowrap" gap="md" style={{ flex: 1, minWidth: 0 }}>
          <ThemeIcon size={44} radius="md" variant="light" color={color}>
            {verdict && !healthy ? <IconShieldX size={26} /> : <IconShieldCheck size={26} />}
          </ThemeIcon>
          <Stack gap={10} style={{ flex: 1, minWidth: 0 }}>
            {!verdict && !error ? (
              <>
                <Skeleton h={18} w={260} />
                <Skeleton h={14} w={420} />
              </>
            ) : verdict && head ? (
              <>
                <Stack gap={2}>
                  <Text fw={700} fz={17} c={healthy ? 'teal.8' : 'red.8'} data-testid="chain-verdict">
                    {head.title}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {head.detail}
                  </Text>
                </Stack>
                <Group gap="xl" wrap="nowrap" align="flex-start">
                  <Stat label="Entries verified">
                    <Text fw={600} data-testid="chain-entries">
                      {formatCount(verdict.entries)}
                    </Text>
                  </Stat>
                  {!verdict.valid && (
                    <Stat label="First broken entry">
                      <Text fw={600} c="red.8" data-testid="chain-first-broken">
                        #{verdict.firstBrokenSeq}
                      </Text>
                    </Stat>
                  )}
                  <Stat label="Verified at (UTC)">
                    <Text size="sm" className="mono">
                      {formatUtc(verdict.verifiedAt)}
                    </Text>
                  </Stat>
                  <Stat label={verdict.valid ? 'Head hash' : 'Last good hash'} grow>
                    <HashText value={verdict.headHash} full size="sm" />
                  </Stat>
                </Group>
                <Divider variant="dashed" />
                <Group gap="xl" wrap="nowrap" align="flex-start" data-testid="chain-checkpoints">
                  <Stat label="Signed checkpoints">
                    <Group gap={6} wrap="nowrap">
                      <Text fw={600} data-testid="chain-checkpoint-count">
                        {formatCount(verdict.checkpoints)}
                      </Text>
                      {verdict.checkpoints > 0 && (
                        <Anchor component="button" size="xs" onClick={onShowCheckpoints} data-testid="chain-show-checkpoints">
                          list
                        </Anchor>
                      )}
                    </Group>
                  </Stat>
                  <Stat label="Last checkpoint">
                    {verdict.lastCheckpointSeq === null ? (
                      <Text size="sm" c="dimmed">
                        none yet
                      </Text>
                    ) : (
                      <Text size="sm" data-testid="chain-last-checkpoint">
                        <Text span fw={600}>
                          #{formatCount(verdict.lastCheckpointSeq)}
                        </Text>
                        {last && (
                          <Text span className="mono" c="dimmed">
                            {' '}
                            at {formatUtc(last.at)}
                          </Text>
                        )}
                      </Text>
                    )}
                  </Stat>
                  <Stat label="Unsigned tail">
                    <Tooltip
                      multiline
                      maw={320}
                      label="Entries after the last signed checkpoint: protected by the hash chain, not yet by an HSM signature. Checkpoints are signed every 1,000 entries, hourly, and at lock; signing and verifying are themselves audited, so the tail is rarely zero."
                    >
                      <Text size="sm" fw={600} c={verdict.unsignedTail > 0 ? 'orange.8' : 'teal.8'} data-testid="chain-unsigned-tail" style={{ cursor: 'help' }}>
                        {formatCount(verdict.unsignedTail)} {verdict.unsignedTail === 1 ? 'entry' : 'entries'}
                      </Text>
                    </Tooltip>
                  </Stat>
                  {checkpointBad && (
                    <Stat label="First bad checkpoint" grow>
                      <Text size="sm" fw={700} c="red.8" data-testid="chain-bad-checkpoint">
                        #{formatCount(verdict.firstBadCheckpointSeq ?? 0)}
                      </Text>
                    </Stat>
                  )}
                </Group>
                {checkpointBad && (
                  <Alert
                    color="red"
                    variant="light"
                    icon={<IconAlertOctagon size={18} />}
                    p="xs"
                    title={`Checkpoint #${formatCount(verdict.firstBadCheckpointSeq ?? 0)} fails its check`}
                    data-testid="chain-checkpoint-problem"
                  >
                    {sentence(verdict.checkpointProblem ?? 'it does not verify')} The trail up to that entry may have been rewritten: do not rely on it until this is explained. Checkpoints after it were not
                    checked.
                  </Alert>
                )}
              </>
            ) : null}
            {error && <ErrorAlert message={error.message} title="Verification could not run" />}
          </Stack>
        </Group>
        <Stack gap="xs" align="stretch">
          <Button variant="default" leftSection={<IconRefresh size={16} />} loading={busy} onClick={() => void verify()} data-testid="reverify">
            Re-verify
          </Button>
          <Tooltip label="Sign the chain's current head with the console identity key in the HSM" multiline maw={260}>
            <Button variant="outline" leftSection={<IconSignature size={16} />} loading={signing} onClick={() => void sign()} data-testid="sign-checkpoint">
              Sign checkpoint now
            </Button>
          </Tooltip>
        </Stack>
      </Group>
    </Paper>
  );
}
