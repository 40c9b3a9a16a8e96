import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Code, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconLockOpen } from '@tabler/icons-react';
import { invoke, type WireError } from '../api';
import { AuthLayout } from '../components/AuthLayout';
import { ErrorAlert } from '../components/ErrorAlert';
import { fieldErrors, formMessage } from '../lib/errors';
import { formatUtc, secondsUntil } from '../lib/format';
import { takeFields } from '../lib/secret-fields';
import { useSession } from '../stores/session.store';

/** Custody token PIN → PKCS#11 login, unwrap the database key, open the database (in the core). */
export function UnlockScreen() {
  const status = useSession((s) => s.status);
  const unlocked = useSession((s) => s.unlocked);
  const refreshStatus = useSession((s) => s.refreshStatus);
  const [error, setError] = useState<WireError | undefined>();
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const pinRef = useRef<HTMLInputElement>(null);

  const blockedFor = secondsUntil(status?.unlockBlockedUntil, now);
  useEffect(() => {
    if (!status?.unlockBlockedUntil) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [status?.unlockBlockedUntil]);
  useEffect(() => {
    if (!busy && blockedFor === 0) pinRef.current?.focus();
  }, [busy, blockedFor]);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const { pin } = takeFields(event.currentTarget, ['pin'], ['pin']);
    setBusy(true);
    setError(undefined);
    const result = await invoke('console.unlock', { pin });
    setBusy(false);
    if (result.ok) {
      await unlocked();
    } else {
      setError(result.error);
      await refreshStatus();
    }
  }

  const fields = fieldErrors(error);
  const failures = status?.unlockFailures ?? 0;
  return (
    <AuthLayout
      title="Unlock console"
      subtitle={
        <>
          Enter the PIN of the custody token{' '}
          {status?.custodyTokenLabel ? <Code data-testid="custody-token-label">{status.custodyTokenLabel}</Code> : null} to open the encrypted database.
        </>
      }
    >
      <form onSubmit={(e) => void submit(e)} autoComplete="off" noValidate>
        <Stack gap="md">
          <ErrorAlert message={formMessage(error, ['pin'])} title="Unlock failed" />
          {failures > 0 && !error && (
            <Alert variant="light" color="yellow" icon={<IconAlertCircle size={18} />} data-testid="unlock-failures">
              {failures} failed unlock attempt{failures === 1 ? '' : 's'} since the last successful unlock.
            </Alert>
          )}
          {blockedFor > 0 && status?.unlockBlockedUntil && (
            <Alert variant="light" color="orange" icon={<IconAlertCircle size={18} />} data-testid="unlock-blocked">
              Too many wrong PINs. The next attempt is allowed in {blockedFor} s (at {formatUtc(status.unlockBlockedUntil)} UTC).
            </Alert>
          )}
          <PasswordInput
            ref={pinRef}
            name="pin"
            label="Custody token PIN"
            placeholder="Token user PIN"
            autoComplete="off"
            spellCheck={false}
            required
            disabled={busy || blockedFor > 0}
            error={fields.pin}
          />
          <Button type="submit" fullWidth loading={busy} disabled={blockedFor > 0} leftSection={<IconLockOpen size={16} />}>
            Unlock
          </Button>
          <Text size="xs" c="dimmed">
            The console locks itself after {Math.round((status?.idleTimeoutSeconds ?? 300) / 60)} minutes without activity.
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
