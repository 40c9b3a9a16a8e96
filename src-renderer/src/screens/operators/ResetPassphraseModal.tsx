import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrors, formMessage } from '../../lib/errors';
import { clearSecrets, takeFields } from '../../lib/secret-fields';

type Operator = CommandOutput<'operators.list'>['operators'][number];

export function ResetPassphraseModal({ operator, onClose, onDone }: { operator: Operator | null; onClose: () => void; onDone: (operator: Operator) => void }) {
  const [error, setError] = useState<WireError | undefined>();
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);

  const close = (): void => {
    setError(undefined);
    setMismatch(false);
    onClose();
  };

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (!operator) return;
    const form = event.currentTarget;
    const { passphrase, confirm } = takeFields(form, ['passphrase', 'confirm'], ['passphrase', 'confirm']);
    setError(undefined);
    setMismatch(passphrase !== confirm);
    if (passphrase !== confirm) return;
    setBusy(true);
    const result = await invoke('operators.resetPassphrase', { id: operator.id, passphrase });
    setBusy(false);
    clearSecrets(form);
    if (result.ok) {
      notifications.show({ color: 'teal', title: 'Passphrase reset', message: `${result.value.operator.displayName} must use the new passphrase; their sessions were ended.` });
      onDone(result.value.operator);
      close();
    } else {
      setError(result.error);
    }
  }

  const fields = fieldErrors(error);
  return (
    <Modal opened={operator !== null} onClose={close} title={<Text fw={600}>Reset passphrase of {operator?.username}</Text>} size="md">
      <form onSubmit={(e) => void submit(e)} autoComplete="off" noValidate data-testid="reset-passphrase-form">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Sets a new passphrase, clears a failed-login lockout and ends the operator’s open sessions. Hand the passphrase over in person.
          </Text>
          <ErrorAlert message={formMessage(error, ['passphrase'])} />
          <PasswordInput name="passphrase" label="New passphrase" description="At least 12 characters" autoComplete="new-password" required error={fields.passphrase} disabled={busy} data-autofocus />
          <PasswordInput name="confirm" label="Repeat new passphrase" autoComplete="new-password" required error={mismatch ? 'Does not match the new passphrase' : undefined} disabled={busy} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" color="orange" loading={busy}>
              Reset passphrase
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
