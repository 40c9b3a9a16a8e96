/**
 * Fuzzing the reader (fast-check, 12 000 cases in all): damaged bundles — flipped, cut, inserted
 * and deleted bytes, random files, signed manifests of random JSON — must never crash it and never
 * get through with different content. Every failure is a refusal with a BUNDLE_ code; whatever
 * passes has exactly the original manifest and items (only ZIP metadata the signature does not
 * cover, such as timestamps, may differ).
 */
import { sign } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src-shared/canonical';
import { VaultlineError } from '../errors';
import { readBundle } from './bundle.reader';
import { itemFromBytes, jsonItem } from './bundle.writer';
import { consoleExpects, deposit, inboundBundle, softKey, zip } from '../../test/helpers/bundle-craft';

const node = softKey();
const consoleKey = softKey();
let original: { bytes: Buffer; hash: string };
let originalItems: string[];

type Outcome = { ok: true; hash: string; items: string[] } | { ok: false; code: string };

async function attempt(bytes: Buffer): Promise<Outcome> {
  const items: string[] = [];
  try {
    const verified = await readBundle({ kind: 'bytes', bytes }, consoleExpects(node, consoleKey), { item: (line) => void items.push(`${line.id}:${line.sha256}`) });
    return { ok: true, hash: verified.bundleHash, items };
  } catch (error) {
    if (!(error instanceof VaultlineError) || !error.code.startsWith('BUNDLE_')) throw error;
    return { ok: false, code: error.code };
  }
}

function unchangedOrRefused(outcome: Outcome): void {
  if (outcome.ok) {
    expect(outcome.hash).toBe(original.hash);
    expect(outcome.items).toEqual(originalItems);
  } else {
    expect(outcome.code).toMatch(/^BUNDLE_/);
  }
}

beforeAll(async () => {
  const kyc = jsonItem('kyc-1', 'kyc-submission', { submissionId: 'S-1', customerId: 'C-1', customerType: 'individual', submittedAt: '2026-01-31T10:00:00.000Z', profile: { givenName: 'Ada' }, documents: [{ attachmentId: 'doc-1', kind: 'passport' }] });
  original = await inboundBundle(node, consoleKey, [deposit(1), deposit(2), kyc, itemFromBytes('doc-1', 'attachment', 'image/png', Buffer.alloc(700, 3))]);
  const first = await attempt(original.bytes);
  if (!first.ok) throw new Error(`the original bundle is refused: ${first.code}`);
  originalItems = first.items;
});

describe('bundle reader under fuzzing', () => {
  it('survives flipped bytes (4000 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 6 }), async (flips) => {
        const bytes = Buffer.from(original.bytes);
        for (const [at, mask] of flips) bytes[at % bytes.length]! ^= mask;
        unchangedOrRefused(await attempt(bytes));
      }),
      { numRuns: 4000 },
    );
  }, 300_000);

  it('survives truncation, insertion and deletion (3000 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.uint8Array({ minLength: 0, maxLength: 40 }), async (start, length, insert) => {
        const at = start % original.bytes.length;
        const cut = length % 64;
        const bytes = Buffer.concat([original.bytes.subarray(0, at), Buffer.from(insert), original.bytes.subarray(Math.min(original.bytes.length, at + cut))]);
        unchangedOrRefused(await attempt(bytes));
        unchangedOrRefused(await attempt(original.bytes.subarray(0, at)));
      }),
      { numRuns: 1500 },
    );
  }, 300_000);

  it('survives random files, with and without a ZIP signature (3000 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 2000 }), fc.boolean(), async (random, asZip) => {
        const bytes = asZip ? Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(random), Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]) : Buffer.from(random);
        const outcome = await attempt(bytes);
        expect(outcome.ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  }, 300_000);

  it('refuses validly signed manifests of arbitrary JSON (2000 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 3 }), async (value, extra) => {
        const manifest = Buffer.from(canonicalJson(value));
        const entries = [
          { name: 'manifest.json', data: manifest },
          { name: 'manifest.sig', data: sign('sha256', manifest, { key: node.pem, dsaEncoding: 'der' }) },
          { name: 'index.jsonl', data: Buffer.alloc(0) },
          ...extra.map((data, i) => ({ name: `items/x${i}`, data: Buffer.from(data) })),
        ];
        const outcome = await attempt(await zip(entries));
        expect(outcome.ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  }, 300_000);
});
