import type { ReactNode } from 'react';
import { Alert, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconEyeOff, IconFileDescription, IconLock } from '@tabler/icons-react';
import type { CommandOutput, WireError } from '../../api';
import { formatCount, formatUtc } from '../../lib/format';
import { scopeLabel, type EvidenceScope } from './evidence-scope';
import { formatBytes } from '../../lib/bytes';
import { RECORD_TYPE_LABELS, RecordTypeBadge, type RecordType } from './RecordBadges';
import type { RecordRef } from './RecordDrawer';
import { StepCard } from './StepCard';
import classes from './evidence.module.css';

export type Preview = CommandOutput<'evidence.preview'>;

function Stat({ label, children, hint, testId }: { label: string; children: ReactNode; hint?: string; testId?: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      <Text fw={600} fz="lg" data-testid={testId}>
        {children}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}

interface Props {
  readonly scope: EvidenceScope | undefined;
  readonly preview: Preview | undefined;
  readonly error: WireError | undefined;
  /** Whether SAR records are left out for this operator's role. */
  readonly sarsHidden: boolean;
  readonly onOpenRecord: (record: RecordRef) => void;
}

/** Step 2: what the package would hold — records by type, size, the audit slice, a sample. */
export function PreviewCard({ scope, preview, error, sarsHidden, onOpenRecord }: Props) {
  const types = preview ? (Object.entries(preview.byType) as [RecordType, number][]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]) : [];
  return (
    <StepCard
      step={2}
      title="What goes in"
      description={preview && scope ? `An evidence package for ${scopeLabel(scope)}.` : 'Preview a scope to see what its package would hold before you export it.'}
      muted={!preview && !error}
      testId="evidence-preview"
    >
      {error && (
        <Alert
          variant="light"
          color={error.code === 'NOT_FOUND' ? 'orange' : 'red'}
          icon={<IconFileDescription size={18} />}
          title={error.code === 'NOT_FOUND' ? 'Nothing to export' : 'Could not preview'}
          data-testid="preview-error"
          data-code={error.code}
        >
          {error.message}
        </Alert>
      )}
      {preview && (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
            <Stat label="Records" testId="preview-records">
              {formatCount(preview.records)}
            </Stat>
            <Stat label="Total size" testId="preview-bytes">
              {formatBytes(preview.bytes)}
            </Stat>
            <Stat label="Audit trail slice" testId="preview-audit" hint="up to a checkpoint signed at export">
              #{formatCount(preview.auditFromSeq)} – #{formatCount(preview.auditToSeq)}
            </Stat>
            <Stat label="Ledger statement" testId="preview-ledger" hint={preview.ledgerStatement ? 'every posting, as ledger/statement.csv' : undefined}>
              {preview.ledgerStatement ? 'Included' : <Text span c="dimmed" fw={500} fz="lg">None</Text>}
            </Stat>
          </SimpleGrid>
          <Group gap="xs" data-testid="preview-by-type">
            {types.length === 0 ? (
              <Text size="sm" c="dimmed">
                No records: the package holds the ledger statement and the audit slice only.
              </Text>
            ) : (
              types.map(([type, n]) => (
                <Group key={type} gap={4} wrap="nowrap" data-testid="preview-type" data-type={type} data-count={n}>
                  <RecordTypeBadge type={type} />
                  <Text size="sm" fw={600}>
                    {formatCount(n)}
                  </Text>
                </Group>
              ))
            )}
          </Group>
          {(preview.byType.sar ?? 0) > 0 && (
            <Alert variant="light" color="red" icon={<IconLock size={18} />} p="xs" title="This package will hold SAR / STR records" data-testid="preview-sar-warning">
              Give it only to an authority entitled to see suspicious activity reports: disclosing that one exists to anyone else is tipping-off (FATF R21).
            </Alert>
          )}
          {sarsHidden && (
            <Group gap={6} wrap="nowrap">
              <IconEyeOff size={14} color="var(--mantine-color-dimmed)" />
              <Text size="xs" c="dimmed">
                {RECORD_TYPE_LABELS.sar} records are open to compliance staff only (tipping-off rules) and are never part of a package you export.
              </Text>
            </Group>
          )}
          {preview.sample.length > 0 && (
            <Stack gap={4}>
              <Text size="sm" c="dimmed">
                {preview.sample.length < preview.records ? `The first ${preview.sample.length} of ${formatCount(preview.records)} records` : 'Every record'}, oldest first. Open one to see its metadata and access log.
              </Text>
              <div className={classes.sample}>
                <Table stickyHeader verticalSpacing={5} horizontalSpacing="sm" fz="sm" data-testid="preview-sample">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={160}>Created (UTC)</Table.Th>
                      <Table.Th w={150}>Type</Table.Th>
                      <Table.Th>Title</Table.Th>
                      <Table.Th w={100} ta="right">
                        Size
                      </Table.Th>
                      <Table.Th w={210}>Record id</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {preview.sample.map((r) => (
                      <Table.Tr
                        key={r.id}
                        className={classes.sampleRow}
                        tabIndex={0}
                        data-testid="sample-row"
                        data-record-id={r.id}
                        data-type={r.type}
                        onClick={() => onOpenRecord(r)}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter' || e.key === ' ') {
                            e.preventDefault();
                            onOpenRecord(r);
                          }
                        }}
                      >
                        <Table.Td className="mono">{formatUtc(r.createdAt)}</Table.Td>
                        <Table.Td>
                          <RecordTypeBadge type={r.type} />
                        </Table.Td>
                        <Table.Td>{r.title}</Table.Td>
                        <Table.Td ta="right" className="mono">
                          {formatBytes(r.size)}
                        </Table.Td>
                        <Table.Td className="mono" c="dimmed">
                          {r.id}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </div>
            </Stack>
          )}
          <Text size="xs" c="dimmed">
            Every package also holds manifest.json, SHA256SUMS, their detached signatures by the console identity key, the console’s public key, a PDF summary and VERIFY.txt with the openssl and
            sha256sum commands that check it on any machine.
          </Text>
        </>
      )}
    </StepCard>
  );
}
