import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconDownload, IconFolder, IconPackageExport, IconQrcode } from '@tabler/icons-react';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { countOf, formatBytes, fromBase64 } from '../../lib/bytes';
import { saveFile } from '../../lib/save-file';
import { formatUtc } from '../../lib/format';
import { QrAnimation } from './QrAnimation';

/** Filed SAR/STR items as the core shows them outside the SAR roles (src-main/handlers/bundles.handlers.ts): no type, no size. */
const SEALED = 'sealed';

type Outbox = CommandOutput<'bundles.outbox'>;
type Bundle = CommandOutput<'bundles.list'>['bundles'][number];

/**
 * Export: everything waiting for the online node goes into one bundle signed by the console
 * identity key; then it leaves as a file (a folder on removable media, or a download) or as an
 * animated QR code.
 */
export function SendPanel({ revision, onExported, canMove }: { revision: number; onExported: () => void; canMove: boolean }) {
  const [outbox, setOutbox] = useState<Outbox | undefined>();
  const [sent, setSent] = useState<readonly Bundle[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [folder, setFolder] = useState('');
  const [saveFolder, setSaveFolder] = useState('');
  const [showQr, setShowQr] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void Promise.all([invoke('bundles.outbox', {}), invoke('bundles.list', { direction: 'outbound', limit: 20 })]).then(([o, l]) => {
      if (!live) return;
      if (o.ok) setOutbox(o.value);
      else setError(o.error);
      if (l.ok) {
        setSent(l.value.bundles);
        setSelected((s) => s ?? l.value.bundles[0]?.bundleId ?? null);
      }
    });
    return () => {
      live = false;
    };
  }, [revision]);

  const exportNow = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    const r = await invoke('bundles.export', folder.trim() ? { folder: folder.trim() } : {});
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setSelected(r.value.bundle.bundleId);
    setShowQr(false);
    setNotice(`Bundle ${r.value.bundle.sequence} signed and recorded with ${countOf(r.value.bundle.itemCount, 'item')}${r.value.savedTo ? `, written to ${r.value.savedTo.path}` : ''}.`);
    onExported();
  };

  const download = async (): Promise<void> => {
    if (!selected) return;
    const r = await invoke('bundles.file', { bundleId: selected });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    saveFile(r.value.fileName, fromBase64(r.value.base64), 'application/zip');
  };

  const save = async (): Promise<void> => {
    if (!selected || !saveFolder.trim()) return;
    const r = await invoke('bundles.save', { bundleId: selected, folder: saveFolder.trim() });
    if (r.ok) setNotice(`Written to ${r.value.path} (${formatBytes(r.value.bytes)}).`);
    else setError(r.error);
  };

  const chosen = sent.find((b) => b.bundleId === selected);
  return (
    <Stack gap="md" maw={1100}>
      <Card withBorder radius="md" padding="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <Text fw={600}>Waiting for the online node</Text>
            <Badge variant="light" color={outbox && outbox.items.length > 0 ? 'indigo' : 'gray'} data-testid="outbox-count">
              {countOf(outbox?.items.length ?? 0, 'item')}
            </Badge>
          </Group>
          {outbox && outbox.items.length > 0 ? (
            <Table verticalSpacing={4} fz="sm" data-testid="outbox-items">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Item</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th ta="right">Size</Table.Th>
                  <Table.Th>Queued (UTC)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {outbox.items.slice(0, 50).map((i) => (
                  <Table.Tr key={i.itemId}>
                    <Table.Td className="mono">{i.itemId}</Table.Td>
                    <Table.Td>{i.type === SEALED ? 'sealed compliance item' : i.type}</Table.Td>
                    <Table.Td ta="right">{i.type === SEALED ? '—' : formatBytes(i.size)}</Table.Td>
                    <Table.Td>{formatUtc(i.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Text size="sm" c="dimmed">
              Nothing to send. Signed transactions, new address pools and acknowledgements of imported bundles wait here until the next export.
            </Text>
          )}
          {canMove && (
            <Group gap="sm" align="flex-end">
              <TextInput
                label="Write to folder (optional)"
                description="A folder on the removable media, e.g. /media/usb. Leave empty to download or show as QR afterwards."
                placeholder="/media/usb"
                leftSection={<IconFolder size={15} />}
                w={420}
                value={folder}
                onChange={(e) => setFolder(e.currentTarget.value)}
                spellCheck={false}
              />
              <Button leftSection={<IconPackageExport size={16} />} disabled={!outbox || outbox.items.length === 0} loading={busy} onClick={() => void exportNow()} data-testid="export-button">
                Sign and export
              </Button>
            </Group>
          )}
          {outbox && outbox.deferredInbound.length > 0 && (
            <Text size="xs" c="dimmed">
              Kept from inbound bundles for modules to come: {outbox.deferredInbound.map((d) => `${d.count} ${d.type} (${d.module})`).join(', ')}.
            </Text>
          )}
        </Stack>
      </Card>
      <ErrorAlert message={error?.message} onClose={() => setError(undefined)} />
      {notice && (
        <Alert variant="light" color="teal" data-testid="export-notice" withCloseButton onClose={() => setNotice(undefined)}>
          {notice}
        </Alert>
      )}
      {sent.length > 0 && canMove && (
        <Card withBorder radius="md" padding="md">
          <Stack gap="sm">
            <Group gap="sm" align="flex-end">
              <Select
                label="Outbound bundle"
                w={420}
                value={selected}
                onChange={(v) => {
                  setSelected(v);
                  setShowQr(false);
                }}
                data={sent.map((b) => ({ value: b.bundleId, label: `#${b.sequence} · ${formatUtc(b.recordedAt)} · ${countOf(b.itemCount, 'item')} · ${formatBytes(b.fileBytes)}` }))}
                allowDeselect={false}
                data-testid="outbound-select"
              />
              <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => void download()}>
                Download file
              </Button>
              <Button variant={showQr ? 'filled' : 'default'} leftSection={<IconQrcode size={16} />} onClick={() => setShowQr((s) => !s)} data-testid="show-qr">
                {showQr ? 'Hide QR' : 'Show as QR'}
              </Button>
            </Group>
            <Group gap="sm" align="flex-end">
              <TextInput label="Write again to folder" placeholder="/media/usb" w={420} value={saveFolder} onChange={(e) => setSaveFolder(e.currentTarget.value)} spellCheck={false} />
              <Button variant="default" leftSection={<IconFolder size={16} />} disabled={!saveFolder.trim()} onClick={() => void save()}>
                Write
              </Button>
            </Group>
            {chosen && showQr && <QrAnimation bundleId={chosen.bundleId} />}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
