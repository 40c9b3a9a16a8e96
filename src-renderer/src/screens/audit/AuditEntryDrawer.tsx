import type { ReactNode } from 'react';
import { Drawer, Group, Stack, Text } from '@mantine/core';
import { OutcomeBadge } from '../../components/Badges';
import { HashText } from '../../components/HashText';
import type { AuditEntry } from './AuditTable';

function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      {children}
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}

export function AuditEntryDrawer({ entry, onClose }: { entry: AuditEntry | null; onClose: () => void }) {
  return (
    <Drawer opened={entry !== null} onClose={onClose} position="right" size={480} title={entry ? <Text fw={600}>Audit entry #{entry.seq}</Text> : null}>
      {entry && (
        <Stack gap="md" data-testid="audit-entry-detail">
          <Group gap="sm">
            <OutcomeBadge outcome={entry.outcome} />
            {entry.errorCode && (
              <Text size="sm" className="mono">
                {entry.errorCode}
              </Text>
            )}
          </Group>
          <Field label="Command">
            <Text className="mono">{entry.command}</Text>
          </Field>
          <Field label="Time (UTC)">
            <Text className="mono">{entry.at}</Text>
          </Field>
          <Field label="Operator">
            <Text>{entry.operatorUsername ?? '— (no session)'}</Text>
            {entry.operatorId && (
              <Text size="xs" c="dimmed" className="mono">
                {entry.operatorId}
              </Text>
            )}
          </Field>
          <Field label="Input digest" hint="sha256 of the canonical JSON (RFC 8785) of the input, secrets replaced before hashing.">
            <HashText value={entry.inputDigest} full />
          </Field>
          <Field label="Previous hash">
            <HashText value={entry.prevHash} full />
          </Field>
          <Field label="Entry hash" hint="sha256 of this entry's canonical fields, including the previous hash.">
            <HashText value={entry.hash} full />
          </Field>
        </Stack>
      )}
    </Drawer>
  );
}
