import { useRef, useState, type FormEvent } from 'react';
import { Button, Divider, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconLock, IconLogin2 } from '@tabler/icons-react';
import { invoke, type WireError } from '../api';
import { AuthLayout } from '../components/AuthLayout';
import { ErrorAlert } from '../components/ErrorAlert';
import { fieldErrors, formMessage } from '../lib/errors';
import { takeFields } from '../lib/secret-fields';
import { useSession } from '../stores/session.store';

/** Passphrase, then a challenge signed by the operator's own token (both checked in the core). */
export function LoginScreen() {
  const signedIn = useSession((s) => s.signedIn);
  const lock = useSession((s) => s.lock);
  const [error, setError] = useState<WireError | undefined>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget;
    const { username, passphrase, tokenPin } = takeFields(form, ['username', 'passphrase', 'tokenPin'], ['passphrase', 'tokenPin']);
    setBusy(true);
    setError(undefined);
    const result = await invoke('session.login', { username: username.trim(), passphrase, tokenPin });
    setBusy(false);
    if (result.ok) {
      form.reset();
      signedIn(result.value);
    } else {
      setError(result.error);
    }
  }

  const fields = fieldErrors(error);
  return (
    <AuthLayout title="Sign in" subtitle="Your passphrase, then your own token signs a login challenge.">
      <form ref={formRef} onSubmit={(e) => void submit(e)} autoComplete="off" noValidate>
        <Stack gap="md">
          <ErrorAlert message={formMessage(error, ['username', 'passphrase', 'tokenPin'])} title="Sign-in failed" />
          <TextInput name="username" label="Username" autoComplete="username" spellCheck={false} autoFocus required disabled={busy} error={fields.username} />
          <PasswordInput name="passphrase" label="Passphrase" autoComplete="off" required disabled={busy} error={fields.passphrase} />
          <PasswordInput name="tokenPin" label="Operator token PIN" description="The PIN of your personal token (smartcard or security key)." autoComplete="off" required disabled={busy} error={fields.tokenPin} />
          <Button type="submit" fullWidth loading={busy} leftSection={<IconLogin2 size={16} />}>
            Sign in
          </Button>
          <Divider />
          <Button variant="subtle" color="gray" size="xs" leftSection={<IconLock size={14} />} onClick={() => void lock()} disabled={busy}>
            Lock the console instead
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
