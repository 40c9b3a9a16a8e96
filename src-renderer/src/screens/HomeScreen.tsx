import type { ReactNode } from 'react';
import { Badge, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { useNavigate } from 'react-router-dom';
import { canOpen, MODULES } from '../lib/modules';
import { formatDuration } from '../lib/format';
import { useSession } from '../stores/session.store';
import { MODULE_ICONS } from '../components/moduleIcons';
import { PageHeader } from '../components/PageHeader';
import { RoleBadges } from '../components/Badges';
import { HashText } from '../components/HashText';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="md" wrap="nowrap">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <div>{children}</div>
    </Group>
  );
}

export function HomeScreen() {
  const status = useSession((s) => s.status);
  const operator = useSession((s) => s.operator);
  const navigate = useNavigate();
  if (!operator) return null;
  // What works comes first; modules not in this build follow, marked as such.
  const modules = MODULES.filter((m) => canOpen(m, operator.roles)).sort((a, b) => Number(b.available) - Number(a.available));

  return (
    <Stack gap="lg" style={{ overflow: 'auto' }}>
      <PageHeader title={`Welcome, ${operator.displayName}`} description="Choose a module. Everything here runs on this workstation; nothing leaves it except through signed bundles." />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder padding="md" radius="md">
          <Text fw={600} mb="sm">
            Console
          </Text>
          <Stack gap={8}>
            <Fact label="Name">
              <Text size="sm">{status?.consoleName ?? '—'}</Text>
            </Fact>
            <Fact label="Console id">
              <Text size="sm" className="mono">
                {status?.consoleId ?? '—'}
              </Text>
            </Fact>
            <Fact label="Custody token">
              <Text size="sm" className="mono">
                {status?.custodyTokenLabel ?? '—'}
              </Text>
            </Fact>
            <Fact label="Identity key">
              <HashText value={status?.identityFingerprint?.replace(/\s+/g, '')} size="sm" />
            </Fact>
            <Fact label="Idle lock">
              <Text size="sm">{formatDuration(status?.idleTimeoutSeconds ?? 300)}</Text>
            </Fact>
          </Stack>
        </Card>
        <Card withBorder padding="md" radius="md">
          <Text fw={600} mb="sm">
            Your access
          </Text>
          <Stack gap={8}>
            <Fact label="Username">
              <Text size="sm" className="mono">
                {operator.username}
              </Text>
            </Fact>
            <Fact label="Roles">
              <RoleBadges roles={operator.roles} />
            </Fact>
            <Fact label="Seniority">
              <Text size="sm">{operator.senior ? 'Senior' : 'Standard'}</Text>
            </Fact>
          </Stack>
        </Card>
      </SimpleGrid>

      <Text fw={600} mt="xs">
        Modules
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 4 }} spacing="md">
        {modules.map((m) => {
          const Icon = MODULE_ICONS[m.key];
          return (
            <UnstyledButton key={m.key} onClick={() => void navigate(m.path)} data-testid={`module-card-${m.key}`}>
              <Card withBorder padding="md" radius="md" h="100%" style={{ opacity: m.available ? 1 : 0.75 }}>
                <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
                  <ThemeIcon variant="light" size={36} radius="md" color={m.available ? undefined : 'gray'}>
                    <Icon size={20} stroke={1.6} />
                  </ThemeIcon>
                  {m.available ? (
                    <Badge size="sm" variant="light" color="teal">
                      Available
                    </Badge>
                  ) : (
                    <Badge size="sm" variant="default" c="dimmed" tt="none">
                      Not in this build
                    </Badge>
                  )}
                </Group>
                <Text fw={600}>{m.label}</Text>
                <Text size="sm" c="dimmed" mt={2}>
                  {m.description}
                </Text>
              </Card>
            </UnstyledButton>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}
