import { describe, expect, it } from 'vitest';
import { UR, UREncoder } from '@ngraveio/bc-ur';
import { UrScanSession } from './ur-scan';

/** The Buffer bc-ur itself uses (Node's in this test; the `buffer` package's in the window). */
const GlobalBuffer = (globalThis as unknown as { Buffer: { from(bytes: Uint8Array): Parameters<typeof UR.fromBuffer>[0] } }).Buffer;

/** Frames as the core makes them (src-main/bundles/qr/ur.codec.ts), with the same library. */
function encodeFrames(message: Uint8Array, options: { type?: string; fragmentSize?: number; count?: number } = {}): { parts: string[] } {
  const cbor = UR.fromBuffer(GlobalBuffer.from(message)).cbor;
  const encoder = new UREncoder(new UR(cbor, options.type ?? 'bytes'), options.fragmentSize ?? 300, 0, 10);
  const count = options.count ?? encoder.fragmentsLength * 3;
  return { parts: Array.from({ length: count }, () => encoder.nextPart()) };
}

describe('UrScanSession (the window’s QR assembler)', () => {
  it('assembles a message from frames with some missing, and drops frames of another message', () => {
    const message = new Uint8Array(4000).map((_, i) => (i * 31) % 256);
    const other = encodeFrames(new Uint8Array(4000).fill(1), { count: 10 });
    const frames = encodeFrames(message, { fragmentSize: 250 });
    const session = new UrScanSession();
    expect(session.receive(frames.parts[1]!)).toBe('accepted');
    expect(session.receive(frames.parts[1]!)).toBe('duplicate');
    expect(session.receive(other.parts[0]!)).toBe('dropped');
    expect(session.receive('not a ur')).toBe('dropped');
    for (const [i, part] of frames.parts.entries()) {
      if (i % 10 < 3) continue;
      if (session.receive(part.toUpperCase()) === 'complete') break;
    }
    expect(session.progress).toMatchObject({ complete: true, dropped: 2 });
    expect(session.result?.type).toBe('bytes');
    expect(session.result?.bytes).toEqual(message);
  });

  it('reads ur:crypto-psbt and ur:psbt as well', () => {
    const psbt = new Uint8Array([0x70, 0x73, 0x62, 0x74, 0xff, 1, 2, 3]);
    for (const type of ['crypto-psbt', 'psbt'] as const) {
      const session = new UrScanSession();
      expect(session.receive(encodeFrames(psbt, { type }).parts[0]!)).toBe('complete');
      expect(session.result).toEqual({ type, bytes: psbt });
    }
  });
});
