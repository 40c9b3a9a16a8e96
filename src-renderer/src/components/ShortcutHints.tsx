import { Group, Kbd, Text } from '@mantine/core';

export interface ShortcutHint {
  readonly keys: readonly string[];
  readonly text: string;
}

/**
 * The line of key hints above a queue (`j` `k` move, `o` open, …): the frequent shortcuts of the
 * screen at a glance; `?` opens the full list (ShortcutsHelp). Falsy entries are left out, so a
 * screen can list a hint only for the roles that may use it.
 */
export function ShortcutHints({ hints, testId }: { readonly hints: readonly (ShortcutHint | false | undefined)[]; readonly testId: string }) {
  return (
    <Group gap="md" wrap="wrap" data-testid={testId}>
      {hints
        .filter((h): h is ShortcutHint => Boolean(h))
        .map((h) => (
          <Group key={h.keys.join('+')} gap={4} wrap="nowrap">
            {h.keys.map((k) => (
              <Kbd key={k} size="xs">
                {k}
              </Kbd>
            ))}
            <Text span size="xs" c="dimmed">
              {h.text}
            </Text>
          </Group>
        ))}
    </Group>
  );
}
