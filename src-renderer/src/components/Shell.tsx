import type { ReactNode } from 'react';
import { ActionIcon, AppShell, Avatar, Badge, Box, Button, Group, Kbd, Menu, NavLink, ScrollArea, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconKeyboard, IconLayoutDashboard, IconLock, IconLogout, IconSettings } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { NavLink as RouterNavLink, useLocation, useNavigate } from 'react-router-dom';
import { ROLE_LABELS } from '../../../src-shared/roles';
import { canOpen, MODULE_GROUPS, MODULES } from '../lib/modules';
import { formatDuration } from '../lib/format';
import { useGlobalShortcuts } from '../hooks/useGlobalShortcuts';
import { useSession } from '../stores/session.store';
import { useUi } from '../stores/ui.store';
import { Brand } from './Brand';
import { MODULE_ICONS } from './moduleIcons';
import { RoleBadges } from './Badges';
import { ShortcutsHelp } from './ShortcutsHelp';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
}

export function Shell({ children }: { children: ReactNode }) {
  useGlobalShortcuts();
  const status = useSession((s) => s.status);
  const operator = useSession((s) => s.operator);
  const lock = useSession((s) => s.lock);
  const logout = useSession((s) => s.logout);
  const setShortcutsOpen = useUi((s) => s.setShortcutsOpen);
  const location = useLocation();
  const navigate = useNavigate();
  if (!operator) return null;

  const report = (message: string | undefined): void => {
    if (message) notifications.show({ color: 'red', title: 'Not completed', message });
  };

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 232, breakpoint: 0 }} padding={0}>
      <AppShell.Header bg="var(--mantine-color-vault-9)" c="white" style={{ borderBottom: 'none' }}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap">
            <Brand inverted />
            <Box w={1} h={22} bg="rgba(255,255,255,0.25)" />
            <Text size="sm" fw={500} data-testid="header-console-name" truncate maw={320}>
              {status?.consoleName ?? 'Console'}
            </Text>
            <Badge size="sm" variant="dot" color="teal" styles={{ root: { color: 'white', borderColor: 'rgba(255,255,255,0.35)', background: 'transparent' } }}>
              Unlocked
            </Badge>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Tooltip label="Keyboard shortcuts (?)">
              <ActionIcon variant="subtle" color="gray.0" size="lg" onClick={() => setShortcutsOpen(true)} aria-label="Keyboard shortcuts">
                <IconKeyboard size={18} />
              </ActionIcon>
            </Tooltip>
            <Menu position="bottom-end" width={260} shadow="md">
              <Menu.Target>
                <UnstyledButton px={8} py={4} style={{ borderRadius: 6, color: 'white' }} data-testid="operator-menu">
                  <Group gap={8} wrap="nowrap">
                    <Avatar size={28} radius="xl" color="white" variant="filled" styles={{ placeholder: { color: 'var(--mantine-color-vault-9)', fontSize: 11, fontWeight: 700 } }}>
                      {initials(operator.displayName)}
                    </Avatar>
                    <Stack gap={0}>
                      <Text size="sm" fw={600} lh={1.2} data-testid="operator-name">
                        {operator.displayName}
                      </Text>
                      <Text size="xs" lh={1.2} c="rgba(255,255,255,0.7)" data-testid="operator-roles">
                        {operator.roles.map((r) => ROLE_LABELS[r]).join(' · ')}
                      </Text>
                    </Stack>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  Signed in as <b>{operator.username}</b>
                </Menu.Label>
                <Box px="sm" pb="xs">
                  <RoleBadges roles={operator.roles} size="xs" />
                </Box>
                <Menu.Divider />
                <Menu.Item leftSection={<IconSettings size={14} />} onClick={() => void navigate('/settings')}>
                  Settings
                </Menu.Item>
                <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => void logout().then((e) => report(e?.message))}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <Tooltip label={`Lock now (${isMac ? '⌘' : 'Ctrl'}+L)`}>
              <Button
                variant="white"
                color="dark"
                size="xs"
                leftSection={<IconLock size={14} />}
                onClick={() => void lock().then((e) => report(e?.message))}
                data-testid="lock-button"
              >
                Lock
              </Button>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar>
        <AppShell.Section grow component={ScrollArea} px="xs" py="sm">
          <NavLink
            component={RouterNavLink}
            to="/"
            label="Home"
            leftSection={<IconLayoutDashboard size={17} stroke={1.6} />}
            active={location.pathname === '/'}
            className="nav-link"
          />
          {MODULE_GROUPS.map((group) => {
            const items = MODULES.filter((m) => m.group === group.key && canOpen(m, operator.roles));
            if (items.length === 0) return null;
            return (
              <Box key={group.key} mt="sm">
                <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" mb={4} lts={0.4}>
                  {group.label}
                </Text>
                {items.map((m) => {
                  const Icon = MODULE_ICONS[m.key];
                  return (
                    <NavLink
                      key={m.key}
                      component={RouterNavLink}
                      to={m.path}
                      label={m.label}
                      data-testid={`nav-${m.key}`}
                      leftSection={<Icon size={17} stroke={1.6} />}
                      rightSection={
                        m.available ? undefined : (
                          <Tooltip label="Not available in this build">
                            <Badge size="xs" variant="default" c="dimmed" tt="none" fw={500}>
                              n/a
                            </Badge>
                          </Tooltip>
                        )
                      }
                      c={m.available ? undefined : 'dimmed'}
                      active={location.pathname === m.path}
                      className="nav-link"
                    />
                  );
                })}
              </Box>
            );
          })}
        </AppShell.Section>
        <AppShell.Section p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              Locks after {formatDuration(status?.idleTimeoutSeconds ?? 300)} idle
            </Text>
            <Text size="xs" c="dimmed">
              Press <Kbd size="xs">?</Kbd> for shortcuts
            </Text>
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="var(--mantine-color-gray-0)" h="100dvh">
        <Box p="lg" h="100%" style={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}>
          {children}
        </Box>
      </AppShell.Main>
      <ShortcutsHelp />
    </AppShell>
  );
}
