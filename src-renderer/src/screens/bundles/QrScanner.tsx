import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, FileButton, Group, Progress, Stack, Text } from '@mantine/core';
import { IconCamera, IconCameraOff, IconPhoto, IconRefresh } from '@tabler/icons-react';
import jsQR from 'jsqr';
import { UrScanSession, type ScanProgress, type ScannedType } from '../../lib/ur/ur-scan';

const SCAN_INTERVAL_MS = 80;
const MAX_SCAN_WIDTH = 900;
const EMPTY: ScanProgress = { received: 0, expected: 0, accepted: 0, dropped: 0, complete: false };

function decodePixels(canvas: HTMLCanvasElement, source: CanvasImageSource, width: number, height: number): string | undefined {
  const scale = Math.min(1, MAX_SCAN_WIDTH / width);
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return undefined;
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' })?.data;
}

/**
 * Reads an animated QR code from the webcam (getUserMedia) or from image files, frame by frame,
 * with a progress bar of the fragments received. The assembled bytes go to `onComplete`, and from
 * there to the core, which verifies everything: nothing here is trusted.
 */
export function QrScanner({ onComplete }: { onComplete: (bytes: Uint8Array, type: ScannedType) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const session = useRef(new UrScanSession());
  const stream = useRef<MediaStream | null>(null);
  const [progress, setProgress] = useState<ScanProgress>(EMPTY);
  const [cameraOn, setCameraOn] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();

  const take = useCallback(
    (text: string | undefined) => {
      if (!text) return;
      const outcome = session.current.receive(text);
      setProgress(session.current.progress);
      const result = session.current.result;
      if (outcome === 'complete' && result) onComplete(result.bytes, result.type);
    },
    [onComplete],
  );

  const stopCamera = useCallback(() => {
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
    setCameraOn(false);
  }, []);

  useEffect(() => stopCamera, [stopCamera]);

  useEffect(() => {
    if (!cameraOn) return;
    const timer = window.setInterval(() => {
      const v = video.current;
      if (!v || v.readyState < 2 || session.current.progress.complete) return;
      canvas.current ??= document.createElement('canvas');
      take(decodePixels(canvas.current, v, v.videoWidth, v.videoHeight));
      if (session.current.progress.complete) stopCamera();
    }, SCAN_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [cameraOn, take, stopCamera]);

  const startCamera = async (): Promise<void> => {
    setProblem(undefined);
    try {
      const media = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 } }, audio: false });
      stream.current = media;
      if (video.current) {
        video.current.srcObject = media;
        await video.current.play();
      }
      setCameraOn(true);
    } catch (error) {
      setProblem(`The camera could not be opened (${error instanceof Error ? error.name : 'unknown'}): allow it, or read the frames from image files.`);
    }
  };

  const readImages = async (files: File[]): Promise<void> => {
    setProblem(undefined);
    canvas.current ??= document.createElement('canvas');
    let unreadable = 0;
    for (const file of files) {
      try {
        const bitmap = await createImageBitmap(file);
        const text = decodePixels(canvas.current, bitmap, bitmap.width, bitmap.height);
        bitmap.close();
        if (!text) unreadable += 1;
        take(text);
      } catch {
        unreadable += 1;
      }
      if (session.current.progress.complete) break;
    }
    if (unreadable > 0) setProblem(`${unreadable} image(s) held no readable QR code.`);
  };

  const reset = (): void => {
    session.current = new UrScanSession();
    setProgress(EMPTY);
  };

  const percent = progress.complete ? 100 : progress.expected > 0 ? (100 * progress.received) / progress.expected : 0;
  return (
    <Stack gap="sm" data-testid="qr-scanner">
      <Group gap="xs">
        {cameraOn ? (
          <Button variant="default" leftSection={<IconCameraOff size={16} />} onClick={stopCamera}>
            Stop camera
          </Button>
        ) : (
          <Button variant="default" leftSection={<IconCamera size={16} />} onClick={() => void startCamera()}>
            Scan with the camera
          </Button>
        )}
        <FileButton multiple accept="image/png,image/jpeg" onChange={(files) => void readImages(files)}>
          {(props) => (
            <Button variant="default" leftSection={<IconPhoto size={16} />} {...props} data-testid="qr-images">
              Read frames from images
            </Button>
          )}
        </FileButton>
        <Button variant="subtle" color="gray" leftSection={<IconRefresh size={16} />} onClick={reset} disabled={progress.accepted === 0 && progress.dropped === 0}>
          Start over
        </Button>
      </Group>
      <video ref={video} muted playsInline style={{ display: cameraOn ? 'block' : 'none', maxWidth: 480, borderRadius: 8, background: '#000' }} />
      <Stack gap={4}>
        <Progress value={percent} size="lg" radius="sm" color={progress.complete ? 'teal' : 'indigo'} striped={cameraOn && !progress.complete} animated={cameraOn && !progress.complete} aria-label="Fragments received" data-testid="qr-progress" />
        <Text size="xs" c="dimmed" data-testid="qr-progress-text">
          {progress.expected === 0 && !progress.complete
            ? 'No frame read yet.'
            : `${progress.received} of ${progress.expected} fragments · ${progress.accepted} frames used · ${progress.dropped} dropped (not part of this message)${progress.complete ? ' · complete' : ''}`}
        </Text>
      </Stack>
      {problem && (
        <Alert variant="light" color="yellow" py={6}>
          {problem}
        </Alert>
      )}
    </Stack>
  );
}
