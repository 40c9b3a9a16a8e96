import { useState, type FormEvent, type ReactNode } from 'react';
import { Button, Card, Group, PasswordInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconLock, IconLogout } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { invoke, type WireError } from '../api';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert } from '../components/ErrorAlert';
import { HashText } from '../components/HashText';
import { fieldErrors, formMessage } from '../lib/errors';
import { formatDuration, formatUtc } from '../lib/format';
import { clearSecrets, takeFields } from '../lib/secret-fields';
import { useSession } from '../stores/session.store';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <div>{children}</div>
    </Group>
  );
}

function ChangePassphrase() {
  const [error, setError] = useState<WireError | undefined>();
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget;
    const { current, next, confirm } = takeFields(form, ['current', 'next', 'confirm'], ['current', 'next', 'confirm']);
    setError(undefined);
    setMismatch(next !== confirm);
    if (next !== confirm) return;
    setBusy(true);
    const result = await invoke('session.changePassphrase', { current, next });
    setBusy(false);
    clearSecrets(form);
    if (result.ok) notifications.show({ color: 'teal', title: 'Passphrase changed', message: 'Use the new passphrase from your next sign-in.' });
    else setError(result.error);
  }

  const fields = fieldErrors(error);
  return (
    <form onSubmit={(e) => void submit(e)} autoComplete="off" noValidate data-testid="change-passphrase-form">
      <Stack gap="sm">
        <ErrorAlert message={formMessage(error, ['current', 'next'])} />
        <PasswordInput name="current" label="Current passphrase" required autoComplete="current-password" error={fields.current} disabled={busy} />
        <PasswordInput name="next" label="New passphrase" description="At least 12 characters" required autoComplete="new-password" error={fields.next} disabled={busy} />
        <PasswordInput name="confirm" label="Repeat new passphrase" required autoComplete="new-password" error={mismatch ? 'Does not match the new passphrase' : undefined} disabled={busy} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            Change passphrase
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SettingsScreen() {
  const status = useSession((s) => s.status);
  const operator = useSession((s) => s.operator);
  const expiresAt = useSession((s) => s.expiresAt);
  const lock = useSession((s) => s.lock);
  const logout = useSession((s) => s.logout);

  return (
    <Stack gap="md" style={{ overflow: 'auto' }}>
      <PageHeader title="Settings" description="Your session, your passphrase and this console." />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Stack gap="md">
          <Card withBorder radius="md" padding="md">
            <Text fw={600} mb="sm">
              Session and lock
            </Text>
            <Stack gap={8}>
              <Row label="Signed in as">
                <Text size="sm" className="mono">
                  {operator?.username}
                </Text>
              </Row>
              <Row label="Session ends (UTC)">
                <Text size="sm" className="mono">
                  {formatUtc(expiresAt)}
                </Text>
              </Row>
              <Row label="Idle timeout">
                <Text size="sm" data-testid="idle-timeout">
                  {formatDuration(status?.idleTimeoutSeconds ?? 300)} without activity locks the console
                </Text>
              </Row>
            </Stack>
            <Group mt="md" gap="sm">
              <Button leftSection={<IconLock size={16} />} onClick={() => void lock()} data-testid="settings-lock">
                Lock now
              </Button>
              <Button variant="default" leftSection={<IconLogout size={16} />} onClick={() => void logout()}>
                Sign out
              </Button>
            </Group>
          </Card>
          <Card withBorder radius="md" padding="md">
            <Text fw={600} mb="sm">
              Console
            </Text>
            <Stack gap={8}>
              <Row label="Name">
                <Text size="sm">{status?.consoleName ?? '—'}</Text>
              </Row>
              <Row label="Console id">
                <Text size="sm" className="mono">
                  {status?.consoleId ?? '—'}
                </Text>
              </Row>
              <Row label="Custody token">
                <Text size="sm" className="mono">
                  {status?.custodyTokenLabel ?? '—'}
                </Text>
              </Row>
              <Row label="Identity key fingerprint">
                <HashText value={status?.identityFingerprint?.replace(/\s+/g, '')} />
              </Row>
            </Stack>
          </Card>
        </Stack>
        <Card withBorder radius="md" padding="md">
          <Text fw={600} mb={4}>
            Change your passphrase
          </Text>
          <Text size="sm" c="dimmed" mb="md">
            Your token PIN is changed on the token itself, not here.
          </Text>
          <ChangePassphrase />
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
