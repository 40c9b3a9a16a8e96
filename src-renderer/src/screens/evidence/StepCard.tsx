import type { ReactNode } from 'react';
import { Group, Paper, Stack, Text } from '@mantine/core';
import classes from './evidence.module.css';

/** One numbered step of the export: scope, what goes in, export and verify. */
export function StepCard({ step, title, description, muted = false, actions, children, testId }: { step: number; title: string; description?: ReactNode; muted?: boolean; actions?: ReactNode; children?: ReactNode; testId?: string }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId} style={{ opacity: muted ? 0.7 : 1 }}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <span className={classes.step} data-muted={muted ? '' : undefined}>
              {step}
            </span>
            <Stack gap={0}>
              <Text fw={600}>{title}</Text>
              {description && (
                <Text size="sm" c="dimmed">
                  {description}
                </Text>
              )}
            </Stack>
          </Group>
          {actions}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}
