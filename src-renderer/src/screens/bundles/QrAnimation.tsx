import { useEffect, useState } from 'react';
import { Alert, Button, Group, Image, NumberInput, Slider, Stack, Text } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import QRCode from 'qrcode';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes } from '../../lib/bytes';

type Frames = CommandOutput<'bundles.qr'>;

/**
 * A recorded outbound bundle as an animated QR code: BC-UR `ur:bytes` parts (made by the core),
 * drawn one per frame and looped, so a receiver that misses frames still completes. Density
 * (bytes per frame) and pace (frames per second) can be changed.
 */
export function QrAnimation({ bundleId }: { bundleId: string }) {
  const [fragmentSize, setFragmentSize] = useState(300);
  const [fps, setFps] = useState(5);
  const [frames, setFrames] = useState<Frames | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(true);
  const [image, setImage] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    void invoke('bundles.qr', { bundleId, fragmentSize }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setFrames(result.value);
        setIndex(0);
        setError(undefined);
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [bundleId, fragmentSize]);

  useEffect(() => {
    if (!playing || !frames || frames.parts.length === 0) return;
    const timer = window.setInterval(() => setIndex((i) => (i + 1) % frames.parts.length), 1000 / fps);
    return () => window.clearInterval(timer);
  }, [playing, frames, fps]);

  const part = frames?.parts[index];
  useEffect(() => {
    if (!part) return;
    let live = true;
    void QRCode.toDataURL(part.toUpperCase(), { errorCorrectionLevel: 'L', margin: 4, width: 420 }).then((url) => {
      if (live) setImage(url);
    });
    return () => {
      live = false;
    };
  }, [part]);

  if (error) return <ErrorAlert message={error.message} title="No QR code" />;
  if (!frames) return <Text size="sm" c="dimmed">Preparing frames…</Text>;
  if (!frames.fits) {
    return (
      <Alert variant="light" color="yellow" title="Too large for QR" data-testid="qr-too-large">
        {frames.problem}
      </Alert>
    );
  }
  const seconds = Math.ceil(frames.seqLength / fps);
  return (
    <Group gap="lg" align="flex-start" wrap="nowrap" data-testid="qr-animation">
      {image && <Image src={image} w={380} h={380} alt={`QR frame ${index + 1} of ${frames.parts.length}`} data-testid="qr-frame" />}
      <Stack gap="md" maw={420}>
        <Stack gap={4}>
          <Text size="lg" fw={600} data-testid="qr-frame-counter">
            Frame {index + 1} of {frames.parts.length}
          </Text>
          <Text size="sm" c="dimmed">
            {frames.seqLength} fragments of {frames.fragmentSize} bytes · {formatBytes(frames.messageBytes)} · one pass ≈ {seconds} s at {fps} frames per second. The frames loop; a receiver that misses some completes from the later, mixed ones (BC-UR fountain code).
          </Text>
        </Stack>
        <NumberInput label="Bytes per frame" description="Fewer bytes: a sparser code, easier for a poor camera." min={50} max={1000} step={50} w={220} value={fragmentSize} onChange={(v) => typeof v === 'number' && v >= 50 && setFragmentSize(v)} />
        <Stack gap={4} w={260}>
          <Text size="sm" fw={500}>
            Frames per second: {fps}
          </Text>
          <Slider min={1} max={15} value={fps} onChange={setFps} aria-label="Frames per second" />
        </Stack>
        <Group>
          <Button variant="default" leftSection={playing ? <IconPlayerPause size={16} /> : <IconPlayerPlay size={16} />} onClick={() => setPlaying((p) => !p)}>
            {playing ? 'Pause' : 'Play'}
          </Button>
        </Group>
      </Stack>
    </Group>
  );
}
