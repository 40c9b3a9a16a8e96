import { useCallback, useEffect, useState } from 'react';
import { ActionIcon, Badge, Button, Group, Menu, Paper, ScrollArea, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconDots, IconKey, IconPencil, IconRefresh, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RoleBadges } from '../../components/Badges';
import { FILTER_ATTRIBUTE } from '../../hooks/useGlobalShortcuts';
import { formatUtc, groupHex } from '../../lib/format';
import { useSession } from '../../stores/session.store';
import { CreateOperatorModal } from './CreateOperatorModal';
import { EditOperatorModal } from './EditOperatorModal';
import { ResetPassphraseModal } from './ResetPassphraseModal';

type Operator = CommandOutput<'operators.list'>['operators'][number];

function StatusCell({ operator }: { operator: Operator }) {
  return (
    <Group gap={4} wrap="nowrap">
      {operator.status === 'active' ? (
        <Badge size="sm" variant="light" color="teal">
          Active
        </Badge>
      ) : (
        <Badge size="sm" variant="light" color="gray">
          Disabled
        </Badge>
      )}
      {operator.lockedOut ? (
        <Tooltip label="Locked after repeated failed logins; reset the passphrase to unlock.">
          <Badge size="sm" variant="filled" color="red">
            Locked out
          </Badge>
        </Tooltip>
      ) : operator.failedLogins > 0 ? (
        <Tooltip label="Failed logins since the last successful one">
          <Badge size="sm" variant="light" color="orange">
            {operator.failedLogins} failed
          </Badge>
        </Tooltip>
      ) : null}
    </Group>
  );
}

function matches(operator: Operator, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [operator.username, operator.displayName, operator.tokenLabel, ...operator.roles].some((s) => s.toLowerCase().includes(q));
}

export function OperatorsScreen() {
  const me = useSession((s) => s.operator);
  const isAdmin = me?.roles.includes('admin') ?? false;
  const [operators, setOperators] = useState<Operator[] | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [loading, setLoading] = useState(false);
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Operator | null>(null);
  const [resetting, setResetting] = useState<Operator | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    const result = await invoke('operators.list', {});
    setLoading(false);
    if (result.ok) {
      setOperators(result.value.operators);
      setError(undefined);
    } else {
      setError(result.error);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const replace = (updated: Operator): void => setOperators((list) => list?.map((o) => (o.id === updated.id ? updated : o)));
  const shown = (operators ?? []).filter((o) => matches(o, query));

  return (
    <Stack gap="md" h="100%" style={{ minHeight: 0 }}>
      <PageHeader
        title="Operators"
        description="Who may use this console, with which roles and which token. Every change is audited."
        actions={
          <>
            <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => void load()} loading={loading}>
              Refresh
            </Button>
            {isAdmin && (
              <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)} data-testid="create-operator">
                Enrol operator
              </Button>
            )}
          </>
        }
      />
      <ErrorAlert message={error?.message} title="Could not load operators" />
      <Group justify="space-between">
        <TextInput
          placeholder="Filter by name, username, role or token"
          leftSection={<IconSearch size={15} />}
          w={340}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          {...{ [FILTER_ATTRIBUTE]: '' }}
        />
        <Text size="sm" c="dimmed">
          {operators ? `${shown.length} of ${operators.length} operators` : ''}
        </Text>
      </Group>
      <Paper withBorder radius="md" style={{ flex: 1, minHeight: 0, overflow: 'hidden' }}>
        <ScrollArea h="100%">
          <Table striped highlightOnHover verticalSpacing={6} horizontalSpacing="sm" stickyHeader data-testid="operators-table" miw={1100}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Operator</Table.Th>
                <Table.Th>Roles</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Token</Table.Th>
                <Table.Th>Approval key fingerprint</Table.Th>
                <Table.Th>Last login (UTC)</Table.Th>
                <Table.Th>Enrolled (UTC)</Table.Th>
                {isAdmin && <Table.Th w={48} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((o) => (
                <Table.Tr key={o.id} data-testid="operator-row" data-username={o.username}>
                  <Table.Td>
                    <Stack gap={0}>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={600}>
                          {o.displayName}
                        </Text>
                        {o.senior && (
                          <Badge size="xs" variant="light" color="yellow">
                            Senior
                          </Badge>
                        )}
                        {o.id === me?.id && (
                          <Badge size="xs" variant="light">
                            You
                          </Badge>
                        )}
                      </Group>
                      <Text size="xs" c="dimmed" className="mono">
                        {o.username}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <RoleBadges roles={o.roles} />
                  </Table.Td>
                  <Table.Td>
                    <StatusCell operator={o} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" className="mono">
                      {o.tokenLabel}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={<span className="mono">{o.keyFingerprint}</span>} multiline maw={420}>
                      <Text size="sm" className="mono">
                        {groupHex(o.keyFingerprint).split(' ').slice(0, 4).join(' ')} …
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" className="mono" c={o.lastLoginAt ? undefined : 'dimmed'}>
                      {o.lastLoginAt ? formatUtc(o.lastLoginAt) : 'never'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" className="mono">
                      {formatUtc(o.createdAt)}
                    </Text>
                  </Table.Td>
                  {isAdmin && (
                    <Table.Td>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${o.username}`}>
                            <IconDots size={16} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setEditing(o)}>
                            Edit roles and status
                          </Menu.Item>
                          <Menu.Item leftSection={<IconKey size={14} />} onClick={() => setResetting(o)}>
                            Reset passphrase
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {operators && shown.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" py="lg">
              No operator matches “{query}”.
            </Text>
          )}
        </ScrollArea>
      </Paper>
      {isAdmin && (
        <>
          <CreateOperatorModal opened={creating} onClose={() => setCreating(false)} onCreated={(o) => setOperators((list) => [...(list ?? []), o])} />
          <EditOperatorModal operator={editing} onClose={() => setEditing(null)} onSaved={replace} />
          <ResetPassphraseModal operator={resetting} onClose={() => setResetting(null)} onDone={replace} />
        </>
      )}
    </Stack>
  );
}
