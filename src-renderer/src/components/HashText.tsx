import { ActionIcon, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { shortHash } from '../lib/format';

/** A hash or fingerprint: shortened unless `full`, the whole value on hover and one click to copy. */
export function HashText({ value, full = false, size = 'sm', copy = true }: { value: string | null | undefined; full?: boolean; size?: 'xs' | 'sm'; copy?: boolean }) {
  if (!value) {
    return (
      <Text size={size} c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={<span className="mono">{value}</span>} disabled={full} maw={600} multiline>
        <Text size={size} className="mono" style={{ wordBreak: full ? 'break-all' : undefined }}>
          {full ? value : shortHash(value)}
        </Text>
      </Tooltip>
      {copy && (
        <CopyButton value={value} timeout={1500}>
          {({ copied, copy: doCopy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'}>
              <ActionIcon size="xs" variant="subtle" color={copied ? 'teal' : 'gray'} onClick={doCopy} aria-label="Copy">
                {copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      )}
    </Group>
  );
}
