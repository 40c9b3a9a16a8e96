/** Animated-QR frames as PNG files in a folder, and a bundle back from such files. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeFrames, QR_DEFAULTS, tooLargeForQr, UR_TYPES, UrAssembler, type UrType } from '../../../bundles/qr/ur.codec';
import { qrPng, readQrPng } from '../../../bundles/qr/qr-images';
import { integerOption, stringOption, type OptionSpecs, type ParsedValues } from '../options';
import { UsageError } from '../usage-error';

export const QR_OPTIONS = {
  'fragment-size': { type: 'string', value: 'BYTES', description: `message bytes per frame (default ${QR_DEFAULTS.fragmentSize})` },
  fps: { type: 'string', value: 'N', description: `frames per second the animation is meant to run at (default ${QR_DEFAULTS.framesPerSecond})` },
  'ur-type': { type: 'string', value: 'TYPE', description: 'bytes (a bundle; default), crypto-psbt or psbt (a PSBT file, for air-gapped wallets)' },
} as const satisfies OptionSpecs;

export interface WrittenFrames {
  readonly folder: string;
  readonly frames: number;
  readonly seqLength: number;
  readonly fragmentSize: number;
  readonly framesPerSecond: number;
  readonly messageBytes: number;
}

/** frame-0001.png … plus frames.txt (the UR text, one part a line) and the pace to show them at. */
export async function writeFrames(bytes: Buffer, folder: string, values: ParsedValues): Promise<WrittenFrames> {
  const problem = tooLargeForQr(bytes.length);
  if (problem) throw new UsageError(problem);
  const fragmentSize = integerOption(values, 'fragment-size') ?? QR_DEFAULTS.fragmentSize;
  const framesPerSecond = integerOption(values, 'fps') ?? QR_DEFAULTS.framesPerSecond;
  if (framesPerSecond < 1 || framesPerSecond > 30) throw new UsageError('--fps must be 1–30', 'VALIDATION', '--fps');
  const typeText = stringOption(values, 'ur-type') ?? 'bytes';
  const type = UR_TYPES.find((t) => t === typeText);
  if (!type) throw new UsageError(`--ur-type must be one of ${UR_TYPES.join(', ')}`, 'VALIDATION', '--ur-type');
  const frames = encodeFrames(bytes, { fragmentSize, type });
  mkdirSync(folder, { recursive: true });
  for (const [i, part] of frames.parts.entries()) writeFileSync(join(folder, `frame-${String(i + 1).padStart(4, '0')}.png`), await qrPng(part));
  writeFileSync(join(folder, 'frames.txt'), `${frames.parts.join('\n')}\n`);
  writeFileSync(join(folder, 'frames.json'), `${JSON.stringify({ framesPerSecond, fragmentSize, seqLength: frames.seqLength, messageBytes: bytes.length, frames: frames.parts.length }, null, 2)}\n`);
  return { folder, frames: frames.parts.length, seqLength: frames.seqLength, fragmentSize, framesPerSecond, messageBytes: bytes.length };
}

/** Decode every PNG in a folder (in name order) until the message is complete. */
export function readFrames(folder: string): { bytes: Buffer; type: UrType; used: number; dropped: number } {
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => n.toLowerCase().endsWith('.png')).sort();
  } catch {
    throw new UsageError(`cannot read the folder ${folder}`, 'VALIDATION', '--qr-frames');
  }
  const assembler = new UrAssembler();
  let used = 0;
  for (const name of names) {
    const text = readQrPng(readFileSync(join(folder, name)));
    if (!text) continue;
    used += 1;
    if (assembler.receive(text) === 'complete') break;
  }
  if (!assembler.complete) {
    const p = assembler.progress;
    throw new UsageError(`the frames in ${folder} do not complete a message (${p.received} of ${p.expected || '?'} fragments; ${p.dropped} frames dropped)`);
  }
  return { bytes: assembler.result.message, type: assembler.result.type, used, dropped: assembler.progress.dropped };
}
