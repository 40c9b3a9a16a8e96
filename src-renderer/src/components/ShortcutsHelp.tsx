import { Fragment } from 'react';
import { Group, Kbd, Modal, Table, Text } from '@mantine/core';
import { keyLabel, SHORTCUTS } from '../lib/shortcuts';
import { useUi } from '../stores/ui.store';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

export function ShortcutsHelp() {
  const open = useUi((s) => s.shortcutsOpen);
  const setOpen = useUi((s) => s.setShortcutsOpen);
  return (
    <Modal opened={open} onClose={() => setOpen(false)} title={<Text fw={600}>Keyboard shortcuts</Text>} size="md" centered>
      <Table verticalSpacing={6} data-testid="shortcuts-help">
        <Table.Tbody>
          {SHORTCUTS.map((s) => (
            <Table.Tr key={s.action}>
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
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
