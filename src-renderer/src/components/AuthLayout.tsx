import { Alert, Box, Center, Group, Paper, Stack, Text } from '@mantine/core';
import { IconInfoCircle, IconPlugConnectedX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Brand } from './Brand';
import { useSession } from '../stores/session.store';

/** The frame of the screens before sign-in: brand, console name, one card, an offline note. */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  const status = useSession((s) => s.status);
  const notice = useSession((s) => s.notice);
  return (
    <Box h="100%" bg="var(--mantine-color-gray-1)" style={{ overflow: 'auto' }}>
      <Center mih="100%" p="xl">
        <Stack w={420} gap="lg">
          <Stack gap={4} align="center">
            <Brand size="lg" />
            {status?.consoleName && (
              <Text size="sm" c="dimmed" data-testid="console-name">
                {status.consoleName}
              </Text>
            )}
          </Stack>
          <Paper withBorder shadow="sm" p="xl" radius="md">
            <Stack gap="md">
              <Stack gap={4}>
                <Text fw={600} fz={20}>
                  {title}
                </Text>
                {subtitle && (
                  <Text size="sm" c="dimmed">
                    {subtitle}
                  </Text>
                )}
              </Stack>
              {notice && (
                <Alert variant="light" color={notice.tone === 'warning' ? 'yellow' : 'blue'} icon={<IconInfoCircle size={18} />} data-testid="notice">
                  {notice.text}
                </Alert>
              )}
              {children}
            </Stack>
          </Paper>
          <Group justify="center" gap={6} c="dimmed">
            <IconPlugConnectedX size={14} />
            <Text size="xs">Offline console · no network connections are made</Text>
          </Group>
        </Stack>
      </Center>
    </Box>
  );
}
