/**
 * Assembles an animated QR code (BC-UR `ur:bytes`, `ur:crypto-psbt`, `ur:psbt`) frame by frame, for
 * the progress bar and to hand the bytes to the core. A frame whose part count, message length or
 * checksum differs from the message in progress is dropped and counted, never mixed in. The
 * renderer trusts none of it: the assembled bytes go to the core, which verifies the bundle.
 */
import './buffer-global';
import { URDecoder } from '@ngraveio/bc-ur';

export const SCANNABLE_TYPES = ['bytes', 'crypto-psbt', 'psbt'] as const;
export type ScannedType = (typeof SCANNABLE_TYPES)[number];

export type FrameOutcome = 'accepted' | 'duplicate' | 'dropped' | 'complete';

export interface ScanProgress {
  readonly received: number;
  readonly expected: number;
  readonly accepted: number;
  readonly dropped: number;
  readonly complete: boolean;
}

/** A CBOR byte string's content: major type 2 with a 0–8 byte length header (RFC 8949 §3). */
function cborBytes(cbor: Uint8Array): Uint8Array {
  const head = cbor[0] ?? 0;
  if (head >> 5 !== 2) throw new Error('the QR message is not a byte string');
  const info = head & 0x1f;
  const lengthBytes = info < 24 ? 0 : info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : -1;
  if (lengthBytes < 0) throw new Error('unsupported CBOR length');
  let length = lengthBytes === 0 ? info : 0;
  for (let i = 1; i <= lengthBytes; i++) length = length * 256 + (cbor[i] ?? 0);
  const start = 1 + lengthBytes;
  if (start + length !== cbor.length) throw new Error('the QR message length does not match');
  return cbor.subarray(start, start + length);
}

export class UrScanSession {
  #decoder = new URDecoder();
  #seen = new Set<string>();
  #accepted = 0;
  #dropped = 0;
  #result: { type: ScannedType; bytes: Uint8Array } | undefined;

  receive(text: string): FrameOutcome {
    const part = text.trim().toLowerCase();
    if (this.#seen.has(part)) return 'duplicate';
    if (this.#result) return 'dropped';
    let taken = false;
    try {
      const [type] = URDecoder.parse(part);
      if ((SCANNABLE_TYPES as readonly string[]).includes(type)) taken = this.#decoder.receivePart(part);
    } catch {
      taken = false;
    }
    if (!taken) {
      this.#dropped += 1;
      return 'dropped';
    }
    this.#seen.add(part);
    this.#accepted += 1;
    if (this.#decoder.isSuccess()) {
      const ur = this.#decoder.resultUR();
      this.#result = { type: ur.type as ScannedType, bytes: new Uint8Array(cborBytes(new Uint8Array(ur.cbor))) };
      return 'complete';
    }
    return 'accepted';
  }

  get result(): { type: ScannedType; bytes: Uint8Array } | undefined {
    return this.#result;
  }

  get progress(): ScanProgress {
    const expected = this.#decoder.expectedPartCount();
    return {
      received: this.#result ? Math.max(expected, 1) : this.#decoder.receivedPartIndexes().length,
      expected: this.#result ? Math.max(expected, 1) : expected,
      accepted: this.#accepted,
      dropped: this.#dropped,
      complete: this.#result !== undefined,
    };
  }
}
