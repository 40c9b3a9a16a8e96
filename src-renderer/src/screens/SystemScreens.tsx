import { Button, Code, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { AuthLayout } from '../components/AuthLayout';
import { useSession } from '../stores/session.store';

/** The data directory holds no console yet: the key ceremony is a CLI step, not a UI one. */
export function NotInitialisedScreen() {
  const refreshStatus = useSession((s) => s.refreshStatus);
  return (
    <AuthLayout title="Console not initialised" subtitle="This data directory holds no console yet.">
      <Stack gap="sm" data-testid="not-initialised">
        <Text size="sm">
          The key ceremony creates the custody keys in the HSM, the encrypted database and the first administrator. Run it from a terminal on this
          workstation:
        </Text>
        <Code block>vaultline init --data DIR</Code>
        <Text size="sm" c="dimmed">
          For a demo, <Code>vaultline demo --data DIR</Code> makes a ready data directory with SoftHSM tokens.
        </Text>
        <Button variant="light" leftSection={<IconRefresh size={16} />} onClick={() => void refreshStatus()}>
          Check again
        </Button>
      </Stack>
    </AuthLayout>
  );
}

export function UnreachableScreen({ bridgeMissing = false }: { bridgeMissing?: boolean }) {
  const error = useSession((s) => s.unreachableError);
  const refreshStatus = useSession((s) => s.refreshStatus);
  return (
    <AuthLayout title="Console core unreachable" subtitle={bridgeMissing ? 'This page was not opened by a Vaultline host.' : undefined}>
      <Stack gap="sm">
        <Text size="sm">
          {bridgeMissing
            ? 'Start the console with `vaultline` (desktop) or `npm run start:browser`; opening the page directly cannot reach the core.'
            : (error?.message ?? 'The console core did not answer.')}
        </Text>
        {!bridgeMissing && (
          <Button variant="light" leftSection={<IconRefresh size={16} />} onClick={() => void refreshStatus()}>
            Try again
          </Button>
        )}
      </Stack>
    </AuthLayout>
  );
}
