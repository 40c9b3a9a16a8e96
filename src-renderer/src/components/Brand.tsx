import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';

export function Brand({ size = 'md', inverted = false }: { size?: 'md' | 'lg'; inverted?: boolean }) {
  const big = size === 'lg';
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={big ? 36 : 28} radius="sm" variant={inverted ? 'white' : 'filled'}>
        <IconShieldLock size={big ? 22 : 18} stroke={1.8} />
      </ThemeIcon>
      <Text fw={700} fz={big ? 22 : 16} lts={-0.2} c={inverted ? 'white' : undefined}>
        Vaultline
      </Text>
    </Group>
  );
}
