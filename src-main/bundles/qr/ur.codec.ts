/**
 * Animated QR transport with Blockchain Commons Uniform Resources (BCR-2020-005 UR, BCR-2020-006
 * registry): a message as `ur:bytes` (or `ur:crypto-psbt` / `ur:psbt` for a PSBT) split into
 * fountain-coded parts (`ur:bytes/<seq>-<count>/<bytewords>`), so a receiver that misses frames
 * still completes from the ones it catches. Encoding and decoding are @ngraveio/bc-ur, the
 * implementation air-gapped wallets (Keystone, Passport, Sparrow's decoders) interoperate with;
 * `crypto-psbt` goes through @keystonehq/bc-ur-registry.
 */
import { URDecoder, UREncoder, UR } from '@ngraveio/bc-ur';
import { CryptoPSBT } from '@keystonehq/bc-ur-registry';
import { VaultlineError } from '../../errors';

export const UR_TYPES = ['bytes', 'crypto-psbt', 'psbt'] as const;
export type UrType = (typeof UR_TYPES)[number];

/** Density and pace of the animation: ~300 bytes of message per frame at 5 frames a second. */
export const QR_DEFAULTS = { fragmentSize: 300, framesPerSecond: 5, minFragmentSize: 10, maxFragmentSize: 1000 } as const;

/** Above this a QR transfer would take minutes of steady aiming: the file route is the answer. */
export const QR_MAX_MESSAGE_BYTES = 128 * 1024;

export function tooLargeForQr(bytes: number): string | undefined {
  if (bytes <= QR_MAX_MESSAGE_BYTES) return undefined;
  const seconds = Math.ceil(bytes / QR_DEFAULTS.fragmentSize / QR_DEFAULTS.framesPerSecond);
  return `This bundle is ${bytes} bytes; animated QR carries at most ${QR_MAX_MESSAGE_BYTES} bytes (it would take ${seconds} s or more of frames). Use the file route: save it to removable media.`;
}

/** The UR of a message: `bytes`, or a PSBT as `crypto-psbt` (registry) or `psbt`. Both are a CBOR byte string. */
export function toUr(message: Uint8Array, type: UrType = 'bytes'): UR {
  const buffer = Buffer.from(message);
  switch (type) {
    case 'bytes':
      return UR.fromBuffer(buffer);
    case 'crypto-psbt':
      return new CryptoPSBT(buffer).toUR();
    case 'psbt':
      return new UR(UR.fromBuffer(buffer).cbor, 'psbt');
    default: {
      const never: never = type;
      throw new Error(`unknown UR type ${String(never)}`);
    }
  }
}

export function fromUr(ur: UR): { type: UrType; message: Buffer } {
  switch (ur.type) {
    case 'bytes':
    case 'psbt':
      return { type: ur.type, message: ur.decodeCBOR() };
    case 'crypto-psbt':
      return { type: 'crypto-psbt', message: CryptoPSBT.fromCBOR(ur.cbor).getPSBT() };
    default:
      throw new VaultlineError('VALIDATION', `A ur:${ur.type.slice(0, 40)} code is not something this console reads (ur:bytes, ur:crypto-psbt, ur:psbt).`);
  }
}

export interface UrFrames {
  readonly type: UrType;
  readonly messageBytes: number;
  readonly fragmentSize: number;
  /** Pure fragments: a receiver that sees each once is done. Frames after them are fountain mixes. */
  readonly seqLength: number;
  readonly parts: readonly string[];
}

/**
 * The first `count` parts (default: every pure fragment, then twice as many fountain-mixed ones,
 * so that each loop of the animation shows a receiver parts it has not seen). A message that fits
 * one part is a single-part UR.
 */
export function encodeFrames(message: Uint8Array, options: { type?: UrType; fragmentSize?: number; count?: number } = {}): UrFrames {
  const fragmentSize = options.fragmentSize ?? QR_DEFAULTS.fragmentSize;
  if (!Number.isInteger(fragmentSize) || fragmentSize < QR_DEFAULTS.minFragmentSize || fragmentSize > QR_DEFAULTS.maxFragmentSize) {
    throw new VaultlineError('VALIDATION', `The fragment size must be a whole number of bytes from ${QR_DEFAULTS.minFragmentSize} to ${QR_DEFAULTS.maxFragmentSize}.`, { issues: [{ path: 'fragmentSize', message: 'out of range' }] });
  }
  const type = options.type ?? 'bytes';
  const encoder = new UREncoder(toUr(message, type), fragmentSize, 0, Math.min(QR_DEFAULTS.minFragmentSize, fragmentSize));
  const seqLength = encoder.fragmentsLength;
  const count = options.count ?? (seqLength === 1 ? 1 : Math.max(seqLength * 3, seqLength + 20));
  const parts = Array.from({ length: count }, () => encoder.nextPart());
  return { type, messageBytes: message.length, fragmentSize, seqLength, parts };
}

export type PartOutcome = 'accepted' | 'duplicate' | 'foreign' | 'invalid' | 'complete';

export interface AssemblyProgress {
  readonly received: number;
  readonly expected: number;
  readonly fraction: number;
  readonly accepted: number;
  readonly dropped: number;
}

/**
 * Collects scanned parts of one message. A part whose UR type, part count, message length or
 * checksum differs from the message in progress is dropped (counted, never mixed in), as is
 * anything that is not a well-formed UR part; so frames of two different messages can never
 * combine into one.
 */
export class UrAssembler {
  #decoder = new URDecoder();
  #seen = new Set<string>();
  #accepted = 0;
  #dropped = 0;
  #result: { type: UrType; message: Buffer } | undefined;

  receive(text: string): PartOutcome {
    if (this.#result) return this.#seen.has(text.toLowerCase()) ? 'duplicate' : 'foreign';
    const part = text.trim().toLowerCase();
    if (this.#seen.has(part)) return 'duplicate';
    let taken: boolean;
    try {
      const [type] = URDecoder.parse(part);
      if (!(UR_TYPES as readonly string[]).includes(type)) {
        this.#dropped += 1;
        return 'invalid';
      }
      taken = this.#decoder.receivePart(part);
    } catch {
      this.#dropped += 1;
      return 'invalid';
    }
    if (!taken) {
      this.#dropped += 1;
      return 'foreign';
    }
    this.#seen.add(part);
    this.#accepted += 1;
    if (this.#decoder.isError()) throw new VaultlineError('VALIDATION', `The QR code message failed its checksum: ${this.#decoder.resultError()}. Scan it again.`);
    if (this.#decoder.isSuccess()) {
      this.#result = fromUr(this.#decoder.resultUR());
      return 'complete';
    }
    return 'accepted';
  }

  get complete(): boolean {
    return this.#result !== undefined;
  }

  get result(): { type: UrType; message: Buffer } {
    if (!this.#result) throw new VaultlineError('VALIDATION', 'The QR message is not complete yet.');
    return this.#result;
  }

  get progress(): AssemblyProgress {
    const expected = this.#result ? Math.max(1, this.#decoder.expectedPartCount()) : this.#decoder.expectedPartCount();
    const received = this.#result ? expected : this.#decoder.receivedPartIndexes().length;
    return { received, expected, fraction: this.#result ? 1 : expected > 0 ? received / expected : 0, accepted: this.#accepted, dropped: this.#dropped };
  }
}
