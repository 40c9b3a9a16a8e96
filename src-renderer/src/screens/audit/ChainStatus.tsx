import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Button, Group, Paper, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconRefresh, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { HashText } from '../../components/HashText';
import { formatCount, formatUtc } from '../../lib/format';

type Verdict = CommandOutput<'audit.verify'>;

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

/** The audit chain's verification (audit.verify), shown above the trail with a re-verify button. */
export function ChainStatus({ refreshKey }: { refreshKey: number }) {
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [busy, setBusy] = useState(false);

  const verify = useCallback(async () => {
    setBusy(true);
    const result = await invoke('audit.verify', {});
    setBusy(false);
    if (result.ok) {
      setVerdict(result.value);
      setError(undefined);
    } else {
      setError(result.error);
    }
  }, []);

  useEffect(() => {
    void verify();
  }, [verify, refreshKey]);

  const valid = verdict?.valid === true;
  const color = !verdict ? 'gray' : valid ? 'teal' : 'red';
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      data-testid="chain-status"
      data-valid={verdict ? String(verdict.valid) : undefined}
      style={{ borderLeft: `4px solid var(--mantine-color-${color}-6)` }}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
        <Group align="flex-start" wrap="nowrap" gap="md" style={{ flex: 1, minWidth: 0 }}>
          <ThemeIcon size={44} radius="md" variant="light" color={color}>
            {verdict && !valid ? <IconShieldX size={26} /> : <IconShieldCheck size={26} />}
          </ThemeIcon>
          <Stack gap={10} style={{ flex: 1, minWidth: 0 }}>
            {!verdict && !error ? (
              <>
                <Skeleton h={18} w={260} />
                <Skeleton h={14} w={420} />
              </>
            ) : verdict ? (
              <>
                <Stack gap={2}>
                  <Text fw={700} fz={17} c={valid ? 'teal.8' : 'red.8'} data-testid="chain-verdict">
                    {valid ? 'Audit chain intact' : `Audit chain broken at entry #${verdict.firstBrokenSeq ?? '?'}`}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {valid
                      ? 'Every entry links to the hash of the one before it and matches its own content.'
                      : (verdict.problem ?? 'An entry does not match the chain.')}
                  </Text>
                </Stack>
                <Group gap="xl" wrap="nowrap" align="flex-start">
                  <Stat label="Entries verified">
                    <Text fw={600} data-testid="chain-entries">
                      {formatCount(verdict.entries)}
                    </Text>
                  </Stat>
                  {!valid && (
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
                  <Stat label={valid ? 'Head hash' : 'Last good hash'} grow>
                    <HashText value={verdict.headHash} full size="sm" />
                  </Stat>
                </Group>
              </>
            ) : null}
            {error && <ErrorAlert message={error.message} title="Verification could not run" />}
          </Stack>
        </Group>
        <Button variant="default" leftSection={<IconRefresh size={16} />} loading={busy} onClick={() => void verify()} data-testid="reverify">
          Re-verify
        </Button>
      </Group>
    </Paper>
  );
}
