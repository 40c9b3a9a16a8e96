import type { ReactNode } from 'react';
import { Card, Group, Text } from '@mantine/core';

/** A titled card in a drawer (the KYC file's style). */
export function Section({ title, children, testId, extra }: { readonly title: string; readonly children: ReactNode; readonly testId: string; readonly extra?: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="sm" data-testid={testId}>
      <Group justify="space-between" mb={8} wrap="nowrap">
        <Text size="xs" fw={600} tt="uppercase" c="gray.7" style={{ letterSpacing: '0.03em' }}>
          {title}
        </Text>
        {extra}
      </Group>
      {children}
    </Card>
  );
}
