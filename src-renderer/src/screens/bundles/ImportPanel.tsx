import { useRef, useState } from 'react';
import { Alert, Button, Card, FileButton, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconFileZip, IconShieldCheck } from '@tabler/icons-react';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes, toBase64 } from '../../lib/bytes';
import { PreviewCard, type Preview } from './PreviewCard';
import { QrScanner } from './QrScanner';

type Imported = CommandOutput<'bundles.import'>;

/** What the window holds of a bundle: its bytes, as base64 for the core, and a name to show. */
interface Loaded {
  readonly base64: string;
  readonly fileName: string;
  readonly bytes: number;
}

/** The bytes route accepts bundles up to this size; larger ones are imported with the CLI by path. */
const MAX_WINDOW_BYTES = 48 * 1024 * 1024;

/**
 * Import: a bundle file picked from removable media, or an animated QR code; the core checks it
 * and previews exactly what importing would do; the operator confirms; the core imports that same
 * bundle (by its hash), all or nothing.
 */
export function ImportPanel({ onImported }: { onImported: () => void }) {
  const [mode, setMode] = useState<'file' | 'qr'>('file');
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [preview, setPreview] = useState<Preview | undefined>();
  const [result, setResult] = useState<Imported | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [busy, setBusy] = useState(false);
  const [scanKey, setScanKey] = useState(0);
  // Cleared after each pick, so choosing the same file again (a second attempt) is read again.
  const resetFile = useRef<() => void>(null);

  const check = async (next: Loaded): Promise<void> => {
    setLoaded(next);
    setPreview(undefined);
    setResult(undefined);
    setError(undefined);
    setBusy(true);
    const answer = await invoke('bundles.preview', { source: { base64: next.base64, fileName: next.fileName } });
    setBusy(false);
    if (answer.ok) setPreview(answer.value);
    else setError(answer.error);
  };

  const pickFile = async (file: File | null): Promise<void> => {
    if (!file) return;
    resetFile.current?.();
    if (file.size > MAX_WINDOW_BYTES) {
      setError({ code: 'BUNDLE_TOO_LARGE', message: `${file.name} is ${formatBytes(file.size)}; the window takes bundles up to ${formatBytes(MAX_WINDOW_BYTES)}. Import it with "vaultline bundle import FILE".` });
      return;
    }
    await check({ base64: toBase64(new Uint8Array(await file.arrayBuffer())), fileName: file.name, bytes: file.size });
  };

  const confirm = async (): Promise<void> => {
    if (!loaded || !preview?.bundle) return;
    setBusy(true);
    const answer = await invoke('bundles.import', { source: { base64: loaded.base64, fileName: loaded.fileName }, expectedBundleHash: preview.bundle.bundleHash });
    setBusy(false);
    if (answer.ok) {
      setResult(answer.value);
      setPreview(undefined);
      setLoaded(undefined);
      onImported();
    } else setError(answer.error);
  };

  const clear = (): void => {
    setLoaded(undefined);
    setPreview(undefined);
    setError(undefined);
    setScanKey((k) => k + 1);
  };

  return (
    <Stack gap="md" maw={1100}>
      <Card withBorder radius="md" padding="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <Text fw={600}>Bring a bundle in from the online node</Text>
            <SegmentedControl
              size="sm"
              value={mode}
              onChange={(v) => setMode(v === 'qr' ? 'qr' : 'file')}
              data={[
                { value: 'file', label: 'File (removable media)' },
                { value: 'qr', label: 'Animated QR' },
              ]}
              data-testid="import-mode"
            />
          </Group>
          {mode === 'file' ? (
            <Group gap="sm">
              <FileButton accept=".zip,application/zip" resetRef={resetFile} onChange={(file) => void pickFile(file)}>
                {(props) => (
                  <Button leftSection={<IconFileZip size={16} />} loading={busy && !preview} {...props} data-testid="import-file">
                    Choose a bundle file…
                  </Button>
                )}
              </FileButton>
              <Text size="sm" c="dimmed">
                {loaded ? `${loaded.fileName} · ${formatBytes(loaded.bytes)}` : 'vaultline-to-console-…zip, as written by the online node.'}
              </Text>
            </Group>
          ) : (
            <QrScanner
              key={scanKey}
              onComplete={(bytes, type) => {
                if (type !== 'bytes') {
                  setError({ code: 'VALIDATION', message: `That QR code carries a PSBT (ur:${type}); it goes to the Withdrawals module, not to bundle import.` });
                  return;
                }
                void check({ base64: toBase64(bytes), fileName: 'scanned QR code', bytes: bytes.length });
              }}
            />
          )}
        </Stack>
      </Card>
      <ErrorAlert message={error?.message} title="Could not read the bundle" onClose={() => setError(undefined)} />
      {result && (
        <Alert variant="light" color="teal" icon={<IconCircleCheck size={18} />} title={`Bundle ${result.bundle.sequence} imported`} data-testid="import-result" withCloseButton onClose={() => setResult(undefined)}>
          {result.applied} items applied, {result.deferred} kept for modules to come. Acknowledgement {result.acknowledgementItemId} waits for the next outbound bundle.
        </Alert>
      )}
      {preview && (
        <>
          <PreviewCard preview={preview} />
          <Group gap="sm">
            <Button leftSection={<IconShieldCheck size={16} />} disabled={!preview.acceptable} loading={busy} onClick={() => void confirm()} data-testid="import-confirm">
              Import bundle {preview.bundle?.sequence ?? ''}
            </Button>
            <Button variant="default" onClick={clear}>
              Cancel
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
