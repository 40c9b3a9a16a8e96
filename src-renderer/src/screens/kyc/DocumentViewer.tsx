import { useEffect, useState } from 'react';
import { Badge, Button, Card, Group, Image, Select, Stack, Table, Text } from '@mantine/core';
import { IconEye, IconFileText, IconPhoto } from '@tabler/icons-react';
import { invoke, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes, fromBase64 } from '../../lib/bytes';
import { formatUtc, shortHash } from '../../lib/format';
import { documentKindLabel, evidencedBy, extractedFields, READ_PURPOSES, viewerKind, type DocumentView, type Profile } from './kyc-format';
import { PdfPages } from './PdfPages';
import classes from './kyc.module.css';

interface Opened {
  readonly document: DocumentView;
  readonly bytes: Uint8Array;
}

/** An image's bytes as an object URL for as long as it is shown (`img-src blob:` in the CSP). */
function ObjectUrlImage({ bytes, type, alt }: { bytes: Uint8Array; type: string; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const made = URL.createObjectURL(new Blob([bytes.slice().buffer], { type }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [bytes, type]);
  return url ? <Image src={url} alt={alt} fit="contain" mah={640} radius="sm" data-testid="kyc-image" /> : null;
}

/**
 * The file's documents: a list, a purpose to read one with (the vault logs every read with it),
 * the document drawn, and the submitted profile beside it with the fields that document evidences
 * marked.
 */
export function DocumentViewer({ documents, profile }: { documents: readonly DocumentView[]; profile: Profile }) {
  const [selectedId, setSelectedId] = useState<string | null>(documents[0]?.id ?? null);
  const [purpose, setPurpose] = useState<string | null>(READ_PURPOSES[0] ?? null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<WireError | undefined>();
  const selected = documents.find((d) => d.id === selectedId) ?? null;
  const evidenced = evidencedBy(opened?.document.kind ?? selected?.kind);

  const read = async (): Promise<void> => {
    if (!selected || !purpose) return;
    setReading(true);
    setError(undefined);
    const r = await invoke('kyc.documents.read', { documentId: selected.id, purpose });
    setReading(false);
    if (r.ok) setOpened({ document: r.value.document, bytes: fromBase64(r.value.contentBase64) });
    else setError(r.error);
  };

  if (documents.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="kyc-no-documents">
        The file holds no document yet: it cannot be approved until the identity (or registration) documents are added.
      </Text>
    );
  }

  const kind = opened ? viewerKind(opened.document.contentType) : null;
  return (
    <Stack gap="sm">
      <Table verticalSpacing={4} fz="sm" highlightOnHover data-testid="kyc-documents">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Document</Table.Th>
            <Table.Th>File</Table.Th>
            <Table.Th>Size</Table.Th>
            <Table.Th>SHA-256</Table.Th>
            <Table.Th>Added (UTC)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {documents.map((d) => (
            <Table.Tr
              key={d.id}
              onClick={() => setSelectedId(d.id)}
              style={{ cursor: 'pointer' }}
              bg={d.id === selectedId ? 'var(--mantine-color-vault-light)' : undefined}
              data-testid="kyc-document-row"
              data-document-id={d.id}
              data-selected={d.id === selectedId ? '' : undefined}
            >
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  {viewerKind(d.contentType) === 'image' ? <IconPhoto size={15} /> : <IconFileText size={15} />}
                  <Text size="sm" fw={500}>
                    {documentKindLabel(d.kind)}
                  </Text>
                </Group>
                {d.description && (
                  <Text size="xs" c="dimmed">
                    {d.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{d.fileName}</Text>
                <Text size="xs" c="dimmed">
                  {d.contentType} · {d.source === 'bundle' ? 'online submission' : d.source}
                </Text>
              </Table.Td>
              <Table.Td className="mono">{formatBytes(d.size)}</Table.Td>
              <Table.Td className="mono" title={d.sha256}>
                {shortHash(d.sha256, 8, 6)}
              </Table.Td>
              <Table.Td className="mono">{formatUtc(d.addedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Purpose of this read (logged by the vault)"
          data={READ_PURPOSES.map((p) => ({ value: p, label: p }))}
          value={purpose}
          onChange={setPurpose}
          allowDeselect={false}
          w={420}
          data-testid="kyc-read-purpose"
        />
        <Button leftSection={<IconEye size={16} />} onClick={() => void read()} loading={reading} disabled={!selected || !purpose} data-testid="kyc-view-document">
          View {selected ? documentKindLabel(selected.kind).toLowerCase() : 'document'}
        </Button>
      </Group>
      <ErrorAlert message={error?.message} title="Could not read the document" onClose={() => setError(undefined)} />
      {opened && (
        <div className={classes.viewer} data-testid="kyc-viewer" data-document-id={opened.document.id} data-kind={kind ?? ''}>
          <Card withBorder radius="sm" padding="xs" className={classes.page}>
            <Group justify="space-between" mb={6} wrap="nowrap">
              <Text size="sm" fw={600}>
                {documentKindLabel(opened.document.kind)} — {opened.document.fileName}
              </Text>
              <Badge size="sm" variant="light" color="gray" tt="none">
                read logged
              </Badge>
            </Group>
            {kind === 'image' && <ObjectUrlImage bytes={opened.bytes} type={opened.document.contentType} alt={`${documentKindLabel(opened.document.kind)} of the customer`} />}
            {kind === 'pdf' && <PdfPages bytes={opened.bytes} label={documentKindLabel(opened.document.kind)} />}
            {kind === 'unsupported' && (
              <Text size="sm" c="dimmed">
                {opened.document.contentType} cannot be shown here.
              </Text>
            )}
          </Card>
          <Card withBorder radius="sm" padding="xs" data-testid="kyc-extracted">
            <Text className={classes.sectionTitle} mb={6}>
              Submitted data
            </Text>
            <Text size="xs" c="dimmed" mb={6}>
              Compare the marked fields with the document.
            </Text>
            <Stack gap={6}>
              {extractedFields(profile).map((f) => (
                <div key={f.key} className={classes.field} data-evidenced={evidenced.has(f.key) ? '' : undefined} data-testid="kyc-extracted-field" data-field={f.key}>
                  <Text size="xs" c="dimmed">
                    {f.label}
                  </Text>
                  <Text size="sm" fw={evidenced.has(f.key) ? 600 : undefined} style={{ wordBreak: 'break-word' }}>
                    {f.value}
                  </Text>
                </div>
              ))}
            </Stack>
          </Card>
        </div>
      )}
    </Stack>
  );
}
