import { Fragment } from 'react';
import { Group, Kbd, Modal, Table, Text } from '@mantine/core';
import { keyLabel, SCOPE_LABELS, SHORTCUTS, type ShortcutScope } from '../lib/shortcuts';
import { useUi } from '../stores/ui.store';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);
const SCOPES = Object.keys(SCOPE_LABELS) as ShortcutScope[];

export function ShortcutsHelp() {
  const open = useUi((s) => s.shortcutsOpen);
  const setOpen = useUi((s) => s.setShortcutsOpen);
  return (
    <Modal opened={open} onClose={() => setOpen(false)} title={<Text fw={600}>Keyboard shortcuts</Text>} size="lg" centered>
      <Table verticalSpacing={6} data-testid="shortcuts-help">
        <Table.Tbody>
          {SCOPES.map((scope) => (
            <Fragment key={scope}>
              <Table.Tr>
                <Table.Td colSpan={2} pt={scope === 'global' ? 0 : 'md'}>
                  <Text size="xs" fw={600} c="dimmed" tt="uppercase" lts={0.4}>
                    {SCOPE_LABELS[scope]}
                  </Text>
                </Table.Td>
              </Table.Tr>
              {SHORTCUTS.filter((s) => s.scope === scope).map((s) => (
                <Table.Tr key={s.action} data-scope={scope}>
                  <Table.Td w={140}>
                    <Group gap={4} wrap="nowrap">
                      {s.keys.map((k, i) => (
                        <Fragment key={k}>
                          {i > 0 && (
                            <Text size="xs" c="dimmed">
                              {s.kind === 'sequence' ? 'then' : '+'}
                            </Text>
                          )}
                          <Kbd size="xs">{keyLabel(k, isMac)}</Kbd>
                        </Fragment>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{s.description}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
