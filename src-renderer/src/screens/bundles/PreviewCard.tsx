import { Alert, Badge, Card, Group, List, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import type { CommandOutput } from '../../api';
import { HashText } from '../../components/HashText';
import { countOf, formatBytes } from '../../lib/bytes';
import { formatCount, formatUtc } from '../../lib/format';

export type Preview = CommandOutput<'bundles.preview'>;

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** What an import would do, exactly (the core ran it and rolled it back), and anything unusual. */
export function PreviewCard({ preview }: { preview: Preview }) {
  const b = preview.bundle;
  return (
    <Card withBorder radius="md" padding="md" data-testid="bundle-preview">
      <Stack gap="md">
        {preview.acceptable ? (
          <Alert variant="light" color="teal" icon={<IconCircleCheck size={18} />} title="Acceptable" data-testid="preview-verdict">
            Every check passed. Importing applies exactly what is listed below, all or nothing.
          </Alert>
        ) : (
          <Alert variant="light" color="red" icon={<IconAlertTriangle size={18} />} title={`Refused: ${preview.refusal?.code ?? ''}`} data-testid="preview-verdict">
            {preview.refusal?.message}
          </Alert>
        )}
        {b && (
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md" verticalSpacing="sm">
            <Field label="Signed by">
              <Text size="sm" fw={500}>
                {b.sender.name} <Text span c="dimmed">({b.sender.id})</Text>
              </Text>
              <Text size="xs" className="mono" data-testid="preview-fingerprint">
                {b.sender.fingerprint}
              </Text>
            </Field>
            <Field label="Sequence">
              <Group gap="xs">
                <Text size="sm" fw={600} data-testid="preview-sequence">
                  {b.sequence}
                </Text>
                <Badge size="sm" variant="light" color={b.sequence === preview.expectedSequence ? 'teal' : 'red'}>
                  expected {preview.expectedSequence}
                </Badge>
              </Group>
            </Field>
            <Field label="Follows bundle">
              <Group gap="xs" wrap="nowrap">
                <HashText value={b.previousBundleHash} />
                {preview.acceptable && (
                  <Badge size="sm" variant="light" color="teal">
                    chain intact
                  </Badge>
                )}
              </Group>
            </Field>
            <Field label="Bundle hash">
              <HashText value={b.bundleHash} />
            </Field>
            <Field label="Created (UTC)">
              <Text size="sm">{formatUtc(b.createdAt)}</Text>
            </Field>
            <Field label="File">
              <Text size="sm" truncate>
                {b.fileName} · {formatBytes(b.fileBytes)} · {countOf(b.itemCount, 'item')}
              </Text>
            </Field>
          </SimpleGrid>
        )}
        {preview.types.length > 0 && (
          <Table withTableBorder verticalSpacing={6} horizontalSpacing="sm" fz="sm" data-testid="preview-types">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Item type</Table.Th>
                <Table.Th ta="right">Items</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th ta="right">Applied now</Table.Th>
                <Table.Th ta="right">Kept for later</Table.Th>
                <Table.Th>Module</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.types.map((t) => (
                <Table.Tr key={t.type} data-testid="preview-type" data-type={t.type}>
                  <Table.Td>
                    <Text size="sm">{t.title}</Text>
                    <Text size="xs" c="dimmed" className="mono">
                      {t.type}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{formatCount(t.count)}</Table.Td>
                  <Table.Td ta="right">{formatBytes(t.bytes)}</Table.Td>
                  <Table.Td ta="right">{t.applied > 0 ? formatCount(t.applied) : '—'}</Table.Td>
                  <Table.Td ta="right">
                    {t.deferred > 0 ? (
                      <Badge size="sm" variant="light" color="yellow">
                        {formatCount(t.deferred)} deferred
                      </Badge>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>{t.module}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {preview.warnings.length > 0 && (
          <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} />} title="Worth a look" data-testid="preview-warnings">
            <List size="sm" spacing={4}>
              {preview.warnings.map((w) => (
                <List.Item key={w}>{w}</List.Item>
              ))}
            </List>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
