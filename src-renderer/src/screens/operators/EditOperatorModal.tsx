import { useEffect, useState, type FormEvent } from 'react';
import { Button, Group, Modal, MultiSelect, SegmentedControl, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { invoke, type CommandInput, type CommandOutput, type WireError } from '../../api';
import { ROLES, roleSetProblem, type Role } from '../../../../src-shared/roles';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrors, formMessage } from '../../lib/errors';
import { ROLE_OPTIONS } from './roleOptions';

type Operator = CommandOutput<'operators.list'>['operators'][number];

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Roles, name, seniority and status; only the fields that changed are sent. */
export function EditOperatorModal({ operator, onClose, onSaved }: { operator: Operator | null; onClose: () => void; onSaved: (operator: Operator) => void }) {
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [senior, setSenior] = useState(false);
  const [status, setStatus] = useState<'active' | 'disabled'>('active');
  const [error, setError] = useState<WireError | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!operator) return;
    setDisplayName(operator.displayName);
    setRoles([...operator.roles]);
    setSenior(operator.senior);
    setStatus(operator.status);
    setError(undefined);
  }, [operator]);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (!operator) return;
    const change: { -readonly [K in keyof CommandInput<'operators.update'>]: CommandInput<'operators.update'>[K] } = { id: operator.id };
    if (displayName !== operator.displayName) change.displayName = displayName;
    if (roles.join(',') !== operator.roles.join(',')) change.roles = roles;
    if (senior !== operator.senior) change.senior = senior;
    if (status !== operator.status) change.status = status;
    if (Object.keys(change).length === 1) {
      onClose();
      return;
    }
    setBusy(true);
    const result = await invoke('operators.update', change);
    setBusy(false);
    if (result.ok) {
      notifications.show({ color: 'teal', title: 'Operator updated', message: `${result.value.operator.displayName} was updated.` });
      onSaved(result.value.operator);
      onClose();
    } else {
      setError(result.error);
    }
  }

  const fields = fieldErrors(error);
  const roleProblem = roleSetProblem(roles);
  return (
    <Modal opened={operator !== null} onClose={onClose} title={<Text fw={600}>Edit {operator?.username}</Text>} size="md">
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="edit-operator-form">
        <Stack gap="md">
          <ErrorAlert message={formMessage(error, ['displayName', 'roles', 'senior', 'status'])} />
          <TextInput label="Display name" value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} error={fields.displayName} disabled={busy} />
          <MultiSelect label="Roles" data={ROLE_OPTIONS} value={roles} onChange={(v) => setRoles(v.filter(isRole))} error={fields.roles ?? roleProblem} disabled={busy} />
          <Switch label="Senior" checked={senior} onChange={(e) => setSenior(e.currentTarget.checked)} disabled={busy} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Status
            </Text>
            <SegmentedControl
              value={status}
              onChange={(v) => setStatus(v === 'disabled' ? 'disabled' : 'active')}
              data={[
                { value: 'active', label: 'Active' },
                { value: 'disabled', label: 'Disabled' },
              ]}
              color={status === 'disabled' ? 'red' : undefined}
              disabled={busy}
            />
            {status === 'disabled' && (
              <Text size="xs" c="dimmed">
                A disabled operator cannot sign in; their open sessions end at once.
              </Text>
            )}
          </Stack>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={roleProblem !== undefined}>
              Save changes
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
