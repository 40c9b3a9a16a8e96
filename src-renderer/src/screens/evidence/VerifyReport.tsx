import { Alert, Badge, Group, Paper, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import type { CommandOutput } from '../../api';
import { formatCount, groupHex } from '../../lib/format';
import classes from './evidence.module.css';

export type Verdict = CommandOutput<'evidence.verify'>;

const capitalise = (text: string): string => (text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1));

/**
 * Every check evidence.verify made, pass or fail, the same checks VERIFY.txt lets anyone repeat with
 * openssl and sha256sum. Nothing is summarised away: an auditor reads what was checked.
 */
export function VerifyReport({ verdict, checkedAgainst }: { verdict: Verdict; checkedAgainst: string | undefined }) {
  const failedNames = verdict.checks.filter((c) => !c.ok).map((c) => c.name);
  const failed = failedNames.length;
  const bare = (hex: string | null | undefined): string => (hex ?? '').replace(/\s+/g, '').toLowerCase();
  const keyMatches = checkedAgainst !== undefined && bare(checkedAgainst) === bare(verdict.identityFingerprint);
  return (
    <Paper withBorder radius="md" p="md" data-testid="verify-report" data-valid={String(verdict.valid)} style={{ borderLeft: `4px solid var(--mantine-color-${verdict.valid ? 'teal' : 'red'}-6)` }}>
      <Stack gap="sm">
        <Group gap="md" wrap="nowrap" align="flex-start">
          <ThemeIcon size={40} radius="md" variant="light" color={verdict.valid ? 'teal' : 'red'}>
            {verdict.valid ? <IconShieldCheck size={24} /> : <IconShieldX size={24} />}
          </ThemeIcon>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fw={700} fz={16} c={verdict.valid ? 'teal.8' : 'red.8'} data-testid="verify-verdict">
              {verdict.valid ? `Package intact: all ${verdict.checks.length} checks pass` : `Package NOT intact: ${failed} of ${verdict.checks.length} checks fail`}
            </Text>
            <Text size="sm" c="dimmed">
              {verdict.packageId ?? 'Unknown package'}
              {verdict.consoleId ? ` from console ${verdict.consoleId}` : ''} · {formatCount(verdict.records)} {verdict.records === 1 ? 'record' : 'records'} · {formatCount(verdict.auditEntries)} audit{' '}
              {verdict.auditEntries === 1 ? 'entry' : 'entries'}
            </Text>
          </Stack>
        </Group>
        {failedNames.length > 0 && (
          <Text size="sm" c="red.8" fw={500} data-testid="verify-failed-summary">
            Failed: {failedNames.map(capitalise).join('; ')}.
          </Text>
        )}
        <div className={classes.keyGrid}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
            Signing key in the package
          </Text>
          <Text size="sm" className="mono" data-testid="verify-fingerprint">
            {verdict.identityFingerprint ?? '—'}
          </Text>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
            Expected key
          </Text>
          {checkedAgainst ? (
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" className="mono">
                {groupHex(checkedAgainst)}
              </Text>
              <Badge size="sm" variant="light" color={keyMatches ? 'teal' : 'red'} tt="none" style={{ flex: 'none' }}>
                {keyMatches ? 'this console’s key: matches' : 'this console’s key: differs'}
              </Badge>
            </Group>
          ) : (
            <Text size="sm" c="orange.8">
              none given: checked against the key the package carries only
            </Text>
          )}
        </div>
        <Table withTableBorder verticalSpacing={5} horizontalSpacing="sm" fz="sm" data-testid="verify-checks">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={90}>Result</Table.Th>
              <Table.Th w={280}>Check</Table.Th>
              <Table.Th>Detail</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {verdict.checks.map((c, i) => (
              <Table.Tr key={`${c.name}-${i}`} data-testid="verify-check" data-ok={String(c.ok)} data-name={c.name} bg={c.ok ? undefined : 'var(--mantine-color-red-0)'}>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {c.ok ? <IconCircleCheck size={16} color="var(--mantine-color-teal-7)" /> : <IconCircleX size={16} color="var(--mantine-color-red-7)" />}
                    <Text size="sm" fw={600} c={c.ok ? 'teal.8' : 'red.8'}>
                      {c.ok ? 'Pass' : 'Fail'}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td fw={500}>{capitalise(c.name)}</Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" style={{ wordBreak: 'break-word' }}>
                    {c.detail}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {!verdict.valid && (
          <Alert color="red" variant="light" title="Do not rely on this package">
            A failed check means a file was changed, removed or added after the console signed the package, or it was signed by another key. Export it again from the console.
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
