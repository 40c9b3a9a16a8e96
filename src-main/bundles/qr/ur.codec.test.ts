import { randomBytes } from 'node:crypto';
import { CryptoPSBT } from '@keystonehq/bc-ur-registry';
import { URDecoder } from '@ngraveio/bc-ur';
import { describe, expect, it } from 'vitest';
import { encodeFrames, QR_MAX_MESSAGE_BYTES, tooLargeForQr, UrAssembler } from './ur.codec';
import { qrPng, readQrPng } from './qr-images';

const PSBT = Buffer.concat([Buffer.from('70736274ff', 'hex'), randomBytes(600)]);

describe('BC-UR animated QR codec', () => {
  it('round-trips ur:bytes through fountain parts, completing despite lost frames', () => {
    const message = randomBytes(10_000);
    const frames = encodeFrames(message);
    expect(frames.parts[0]).toMatch(/^ur:bytes\/1-\d+\//);
    const assembler = new UrAssembler();
    for (const [i, part] of frames.parts.entries()) {
      if (i % 3 === 0) continue;
      if (assembler.receive(part) === 'complete') break;
    }
    expect(assembler.result).toEqual({ type: 'bytes', message });
  });

  it('writes ur:crypto-psbt that the registry (and so Keystone-style wallets) decodes, and reads it back', () => {
    const frames = encodeFrames(PSBT, { type: 'crypto-psbt', fragmentSize: 200 });
    const decoder = new URDecoder();
    for (const part of frames.parts) if (decoder.receivePart(part) && decoder.isComplete()) break;
    expect(decoder.resultUR().type).toBe('crypto-psbt');
    expect(CryptoPSBT.fromCBOR(decoder.resultUR().cbor).getPSBT().equals(PSBT)).toBe(true);
    const assembler = new UrAssembler();
    for (const part of frames.parts) if (assembler.receive(part) === 'complete') break;
    expect(assembler.result).toEqual({ type: 'crypto-psbt', message: PSBT });
  });

  it('reads and writes the newer ur:psbt', () => {
    const single = encodeFrames(PSBT, { type: 'psbt', fragmentSize: 1000 });
    expect(single.parts).toHaveLength(1);
    expect(single.parts[0]).toMatch(/^ur:psbt\/[a-z]+$/);
    const assembler = new UrAssembler();
    expect(assembler.receive(single.parts[0]!.toUpperCase())).toBe('complete');
    expect(assembler.result).toEqual({ type: 'psbt', message: PSBT });
  });

  it('drops parts of another message, of another type, and anything not a UR part', () => {
    const a = encodeFrames(randomBytes(3000), { fragmentSize: 100 });
    const b = encodeFrames(randomBytes(3000), { fragmentSize: 100 });
    const c = encodeFrames(randomBytes(3100), { fragmentSize: 100 });
    const assembler = new UrAssembler();
    expect(assembler.receive(a.parts[0]!)).toBe('accepted');
    expect(assembler.receive(a.parts[0]!)).toBe('duplicate');
    expect(assembler.receive(b.parts[1]!)).toBe('foreign');
    expect(assembler.receive(c.parts[1]!)).toBe('foreign');
    expect(assembler.receive(encodeFrames(PSBT, { type: 'crypto-psbt', fragmentSize: 100 }).parts[1]!)).toBe('foreign');
    expect(assembler.receive('ur:crypto-account/abc')).toBe('invalid');
    expect(assembler.receive('https://example.com')).toBe('invalid');
    expect(assembler.progress).toMatchObject({ received: 1, accepted: 1, dropped: 5 });
  });

  it('refuses a bad fragment size and says when a message is too large for QR', () => {
    expect(() => encodeFrames(randomBytes(10), { fragmentSize: 5 })).toThrow(/fragment size/);
    expect(tooLargeForQr(QR_MAX_MESSAGE_BYTES)).toBeUndefined();
    expect(tooLargeForQr(QR_MAX_MESSAGE_BYTES + 1)).toMatch(/file route/);
  });

  it('draws frames as PNG that jsQR reads back, at the default density', async () => {
    const frames = encodeFrames(randomBytes(2000));
    for (const part of frames.parts.slice(0, 3)) expect(readQrPng(await qrPng(part))).toBe(part.toUpperCase());
  });
});
