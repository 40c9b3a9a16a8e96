import { useState, type FormEvent } from 'react';
import { Alert, Button, Divider, Group, Modal, MultiSelect, PasswordInput, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ROLES, roleSetProblem, type Role } from '../../../../src-shared/roles';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrors, formMessage } from '../../lib/errors';
import { clearSecrets, takeFields } from '../../lib/secret-fields';
import { ROLE_OPTIONS } from './roleOptions';

type Operator = CommandOutput<'operators.create'>['operator'];

const FIELDS = ['username', 'displayName', 'roles', 'senior', 'passphrase', 'tokenLabel', 'tokenPin'];

interface Draft {
  readonly username: string;
  readonly displayName: string;
  readonly roles: Role[];
  readonly senior: boolean;
  readonly tokenLabel: string;
}

const EMPTY: Draft = { username: '', displayName: '', roles: [], senior: false, tokenLabel: '' };

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/**
 * Enrolment: passphrase plus an approval key generated on the operator's own token. Only the
 * non-secret fields are React state; the passphrase and PIN are read from the form at submit and
 * blanked at once.
 */
export function CreateOperatorModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (operator: Operator) => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<WireError | undefined>();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const close = (): void => {
    setDraft(EMPTY);
    setError(undefined);
    setLocalErrors({});
    onClose();
  };

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget;
    const { passphrase, confirm, tokenPin } = takeFields(form, ['passphrase', 'confirm', 'tokenPin'], ['passphrase', 'confirm', 'tokenPin']);
    setError(undefined);
    if (passphrase !== confirm) {
      setLocalErrors({ confirm: 'Does not match the passphrase' });
      return;
    }
    setLocalErrors({});
    setBusy(true);
    const result = await invoke('operators.create', {
      username: draft.username.trim(),
      displayName: draft.displayName,
      roles: draft.roles,
      senior: draft.senior,
      passphrase,
      tokenLabel: draft.tokenLabel,
      tokenPin,
    });
    setBusy(false);
    clearSecrets(form);
    if (result.ok) {
      notifications.show({ color: 'teal', title: 'Operator enrolled', message: `${result.value.operator.displayName} can now sign in with token ${result.value.operator.tokenLabel}.` });
      onCreated(result.value.operator);
      close();
    } else {
      setError(result.error);
    }
  }

  const fields = { ...fieldErrors(error), ...localErrors };
  const roleProblem = draft.roles.length > 0 ? roleSetProblem(draft.roles) : undefined;
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>Enrol an operator</Text>} size="lg" closeOnClickOutside={false}>
      <form onSubmit={(e) => void submit(e)} autoComplete="off" noValidate data-testid="create-operator-form">
        <Stack gap="md">
          <ErrorAlert message={formMessage(error, FIELDS)} />
          <SimpleGrid cols={2} spacing="md">
            <TextInput
              label="Username"
              description="3–32: a–z, 0–9, . _ -"
              required
              spellCheck={false}
              value={draft.username}
              onChange={(e) => setDraft({ ...draft, username: e.currentTarget.value })}
              error={fields.username}
              disabled={busy}
              data-autofocus
            />
            <TextInput
              label="Display name"
              description="As shown in the audit trail and approvals"
              required
              value={draft.displayName}
              onChange={(e) => setDraft({ ...draft, displayName: e.currentTarget.value })}
              error={fields.displayName}
              disabled={busy}
            />
          </SimpleGrid>
          <MultiSelect
            label="Roles"
            description="Administrators cannot also hold an approval role (separation of duties)."
            required
            data={ROLE_OPTIONS}
            value={draft.roles}
            onChange={(values) => setDraft({ ...draft, roles: values.filter(isRole) })}
            error={fields.roles ?? roleProblem}
            disabled={busy}
            comboboxProps={{ withinPortal: true }}
          />
          <Switch
            label="Senior"
            description="Counts as a senior approver where a policy asks for one."
            checked={draft.senior}
            onChange={(e) => setDraft({ ...draft, senior: e.currentTarget.checked })}
            disabled={busy}
          />
          <Divider label="Passphrase" labelPosition="left" />
          <SimpleGrid cols={2} spacing="md">
            <PasswordInput name="passphrase" label="Passphrase" description="At least 12 characters" required autoComplete="new-password" error={fields.passphrase} disabled={busy} />
            <PasswordInput name="confirm" label="Repeat passphrase" description="Typed again, to catch a typo" required autoComplete="new-password" error={fields.confirm} disabled={busy} />
          </SimpleGrid>
          <Divider label="Operator token" labelPosition="left" />
          <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} p="xs">
            <Text size="sm">The token must already be initialised. An ECDSA P-256 approval key is generated on it and never leaves it.</Text>
          </Alert>
          <SimpleGrid cols={2} spacing="md">
            <TextInput
              label="Token label"
              required
              spellCheck={false}
              value={draft.tokenLabel}
              onChange={(e) => setDraft({ ...draft, tokenLabel: e.currentTarget.value })}
              error={fields.tokenLabel}
              disabled={busy}
            />
            <PasswordInput name="tokenPin" label="Token PIN" required autoComplete="off" error={fields.tokenPin} disabled={busy} />
          </SimpleGrid>
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={roleProblem !== undefined}>
              Enrol operator
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
