/**
 * The reader's checks, one refusal at a time, with software keys (the console-side integration
 * test runs the same through the bus on a real encrypted database).
 */
import { sign } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src-shared/canonical';
import { GENESIS_BUNDLE_HASH } from '../../src-shared/bundles/bundle-format';
import { readBundle, type ItemBody } from './bundle.reader';
import { itemFromBytes, jsonItem } from './bundle.writer';
import { consoleExpects, craft, deposit, inboundBundle, jsonBody, softKey, unzip, zip, type Chain } from '../../test/helpers/bundle-craft';
import type { IndexLine } from '../../src-shared/bundles/bundle-format';

/** Rewrite the uncompressed size of entry `name` in its local header and central record. */
function patchUncompressedSize(zipBytes: Buffer, name: string, size: number): void {
  for (const [signature, sizeOffset, nameOffset] of [[0x04034b50, 22, 30], [0x02014b50, 24, 46]] as const) {
    for (let i = zipBytes.indexOf(Buffer.from([0x50, 0x4b])); i >= 0; i = zipBytes.indexOf(Buffer.from([0x50, 0x4b]), i + 1)) {
      if (i + nameOffset > zipBytes.length || zipBytes.readUInt32LE(i) !== signature) continue;
      const nameLength = zipBytes.readUInt16LE(signature === 0x04034b50 ? i + 26 : i + 28);
      if (zipBytes.subarray(i + nameOffset, i + nameOffset + nameLength).toString() === name) zipBytes.writeUInt32LE(size, i + sizeOffset);
    }
  }
}

const node = softKey();
const consoleKey = softKey();
const bytes = (b: Buffer) => ({ kind: 'bytes' as const, bytes: b });

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error('expected a refusal');
}

describe('bundle reader', () => {
  it('reads a valid bundle, visiting each item after its hash and schema are checked', async () => {
    const photo = itemFromBytes('doc-1', 'attachment', 'image/jpeg', Buffer.alloc(3000, 7));
    const kyc = jsonItem('kyc-1', 'kyc-submission', { submissionId: 'S-1', customerId: 'C-1', customerType: 'individual', submittedAt: '2026-01-31T10:00:00.000Z', profile: { givenName: 'Ada' }, documents: [{ attachmentId: 'doc-1', kind: 'passport' }] });
    const bundle = await inboundBundle(node, consoleKey, [deposit(2), deposit(1), kyc, photo]);
    const seen: { line: IndexLine; body: ItemBody }[] = [];
    const chunks: number[] = [];
    const verified = await readBundle(bytes(bundle.bytes), consoleExpects(node, consoleKey), {
      item: (line, body) => void seen.push({ line, body }),
      attachmentChunk: (_line, chunk) => void chunks.push(chunk.length),
    });
    expect(verified.bundleHash).toBe(bundle.hash);
    expect(verified.manifest).toMatchObject({ sequence: 1, itemCount: 4, direction: 'inbound', previousBundleHash: GENESIS_BUNDLE_HASH });
    expect(seen.map((s) => s.line.id)).toEqual(['dep-000001', 'dep-000002', 'doc-1', 'kyc-1']);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(verified.counts['chain-event']).toEqual({ count: 2, bytes: expect.any(Number) as number });
    expect(verified.attachmentsUnreferenced).toBe(0);
  });

  it('is signed so that openssl-style ECDSA-SHA256 verification of manifest.json works', async () => {
    const bundle = await inboundBundle(node, consoleKey, [deposit(1)]);
    const [manifest, sig] = await unzip(bundle.bytes);
    const { verify } = await import('node:crypto');
    expect(verify('sha256', manifest!.data, { key: node.publicPem, dsaEncoding: 'der' }, sig!.data)).toBe(true);
  });

  it('refuses replay, gap, reordering and a broken chain by sequence and previous hash', async () => {
    const chain: Chain = { sequence: 0, hash: GENESIS_BUNDLE_HASH };
    const b1 = await inboundBundle(node, consoleKey, [deposit(1)], chain);
    const b2 = await inboundBundle(node, consoleKey, [deposit(2)], chain);
    const b3 = await inboundBundle(node, consoleKey, [deposit(3)], chain);
    const after1 = { sequence: 1, hash: b1.hash };
    expect(await refusal(readBundle(bytes(b1.bytes), consoleExpects(node, consoleKey, after1, [b1.hash])))).toMatchObject({ code: 'BUNDLE_REPLAY' });
    expect(await refusal(readBundle(bytes(b3.bytes), consoleExpects(node, consoleKey, after1, [b1.hash])))).toMatchObject({ code: 'BUNDLE_GAP', message: expect.stringMatching(/bundle 2 is missing/) as string });
    expect(await refusal(readBundle(bytes(b2.bytes), consoleExpects(node, consoleKey, { sequence: 3, hash: b3.hash }, [b1.hash, b3.hash])))).toMatchObject({ code: 'BUNDLE_OUT_OF_ORDER' });
    const fork = await inboundBundle(node, consoleKey, [deposit(9)], { sequence: 1, hash: 'f'.repeat(64) });
    expect(await refusal(readBundle(bytes(fork.bytes), consoleExpects(node, consoleKey, after1, [b1.hash])))).toMatchObject({ code: 'BUNDLE_CHAIN_BROKEN' });
  });

  it('refuses a wrong recipient, an unknown or revoked signer and a bad signature', async () => {
    const other = softKey();
    const bundle = await inboundBundle(node, consoleKey, [deposit(1)]);
    expect(await refusal(readBundle(bytes(bundle.bytes), consoleExpects(node, other)))).toMatchObject({ code: 'BUNDLE_WRONG_RECIPIENT' });
    const stranger = await inboundBundle(other, consoleKey, [deposit(1)]);
    expect(await refusal(readBundle(bytes(stranger.bytes), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_SIGNER_UNKNOWN' });
    const revoked = consoleExpects(node, consoleKey, undefined, [], [{ fingerprint: node.fingerprint, spki: node.spki, status: 'revoked', ownerId: 'node-1' }]);
    expect(await refusal(readBundle(bytes(bundle.bytes), revoked))).toMatchObject({ code: 'BUNDLE_SIGNER_REVOKED' });
    const entries = await unzip(bundle.bytes);
    const sig = entries[1]!.data;
    sig[sig.length - 1] = sig[sig.length - 1]! ^ 0x01;
    expect(await refusal(readBundle(bytes(await zip(entries)), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_SIGNATURE_INVALID' });
    const changedManifest = await unzip(bundle.bytes);
    changedManifest[0]!.data = Buffer.from(changedManifest[0]!.data.toString().replace('"sequence":1', '"sequence":2'));
    expect(await refusal(readBundle(bytes(await zip(changedManifest)), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_SIGNATURE_INVALID' });
  });

  it('refuses a changed item, a changed index and a changed size', async () => {
    const bundle = await inboundBundle(node, consoleKey, [deposit(1, '0.5'), deposit(2)]);
    const entries = await unzip(bundle.bytes);
    const item = entries.find((e) => e.name === 'items/dep-000001')!;
    item.data = Buffer.from(item.data.toString().replace('"amount":"0.5"', '"amount":"9.5"'));
    expect(await refusal(readBundle(bytes(await zip(entries)), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_ITEM_MISMATCH', message: expect.stringMatching(/dep-000001.*was changed/) as string });
    const longer = await unzip(bundle.bytes);
    longer.find((e) => e.name === 'items/dep-000002')!.data = Buffer.concat([longer.find((e) => e.name === 'items/dep-000002')!.data, Buffer.from(' ')]);
    expect(await refusal(readBundle(bytes(await zip(longer)), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_ITEM_MISMATCH' });
    const index = await unzip(bundle.bytes);
    index[2]!.data = Buffer.from(index[2]!.data.toString().replace('dep-000002', 'dep-000003'));
    expect(await refusal(readBundle(bytes(await zip(index)), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_ITEM_MISMATCH', message: expect.stringMatching(/index/) as string });
  });

  it('refuses missing, extra, duplicate, misnamed and out-of-order entries', async () => {
    const items = [
      { id: 'a', type: 'market-prices', body: jsonBody({ asOf: '2026-02-01T00:00:00.000Z', source: 'x', quote: 'USD', prices: [{ assetId: 'BTC', price: '60000' }] }) },
      { id: 'b', type: 'market-prices', body: jsonBody({ asOf: '2026-02-01T00:00:00.000Z', source: 'y', quote: 'USD', prices: [{ assetId: 'ETH', price: '3000' }] }) },
    ];
    expect(await refusal(readBundle(bytes(await craft(node, consoleKey, items, { dropEntries: ['items/b'] })), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_MALFORMED', message: expect.stringMatching(/missing/) as string });
    expect(await refusal(readBundle(bytes(await craft(node, consoleKey, items, { extraEntries: [{ name: 'items/c', data: Buffer.from('{}') }] })), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_MALFORMED', message: expect.stringMatching(/extra/) as string });
    expect(await refusal(readBundle(bytes(await craft(node, consoleKey, [items[0]!, { ...items[1]!, id: 'a' }])), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_MALFORMED', message: expect.stringMatching(/twice/) as string });
    expect(await refusal(readBundle(bytes(await craft(node, consoleKey, [items[1]!, items[0]!])), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_MALFORMED', message: expect.stringMatching(/not sorted/) as string });
    const swapped = await unzip(await craft(node, consoleKey, items));
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    expect(await refusal(readBundle(bytes(await zip(swapped)), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_MALFORMED', message: expect.stringMatching(/Unexpected entry "items\/b"/) as string });
    // yazl will not write "..", so the name is patched in the local and central headers.
    const traversal = await unzip(await craft(node, consoleKey, items));
    traversal[3]!.name = 'items/aa/aa/etc/a';
    const patched = Buffer.from((await zip(traversal)).toString('latin1').replaceAll('items/aa/aa/etc/a', 'items/../../etc/a'), 'latin1');
    expect(await refusal(readBundle(bytes(patched), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_MALFORMED' });
  });

  it('refuses oversize and malformed items, and types that do not travel inbound', async () => {
    const big = jsonBody({ kind: 'reorg', assetId: 'BTC', txid: '0'.repeat(64), outputIndex: 0, reason: 'x'.repeat(20_000) });
    expect(await refusal(readBundle(bytes(await craft(node, consoleKey, [{ id: 'r', type: 'chain-event', body: big }])), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_TOO_LARGE' });
    const bad = jsonBody({ kind: 'deposit', assetId: 'BTC', txid: 'zz', outputIndex: 0 });
    expect(await refusal(readBundle(bytes(await craft(node, consoleKey, [{ id: 'd', type: 'chain-event', body: bad }])), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_ITEM_INVALID', message: expect.stringMatching(/txid/) as string });
    const notCanonical = Buffer.from('{ "kind": "reorg" }');
    expect(await refusal(readBundle(bytes(await craft(node, consoleKey, [{ id: 'd', type: 'chain-event', body: notCanonical }])), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_ITEM_INVALID', message: expect.stringMatching(/canonical/) as string });
    const dupKeys = Buffer.from('{"kind":"reorg","kind":"deposit"}');
    expect(await refusal(readBundle(bytes(await craft(node, consoleKey, [{ id: 'd', type: 'chain-event', body: dupKeys }])), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_ITEM_INVALID' });
    const ack = jsonBody({ bundleId: '00000000-0000-4000-8000-000000000000', bundleHash: '0'.repeat(64), sequence: 1, importedAt: '2026-02-01T00:00:00.000Z', itemCount: 0, applied: 0, deferred: 0 });
    expect(await refusal(readBundle(bytes(await craft(node, consoleKey, [{ id: 'k', type: 'acknowledgement', body: ack }])), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_ITEM_INVALID', message: expect.stringMatching(/does not travel inbound/) as string });
    const kyc = jsonBody({ submissionId: 'S-1', customerId: 'C-1', customerType: 'individual', submittedAt: '2026-01-31T10:00:00.000Z', profile: {}, documents: [{ attachmentId: 'missing-doc', kind: 'passport' }] });
    expect(await refusal(readBundle(bytes(await craft(node, consoleKey, [{ id: 'k', type: 'kyc-submission', body: kyc }])), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_ITEM_INVALID', message: expect.stringMatching(/missing-doc/) as string });
  });

  it('refuses a truncated file, a non-ZIP, an unsupported version and a malformed manifest', async () => {
    const bundle = await inboundBundle(node, consoleKey, [deposit(1)]);
    for (const cut of [bundle.bytes.length - 10, Math.floor(bundle.bytes.length / 2), 30]) {
      expect(await refusal(readBundle(bytes(bundle.bytes.subarray(0, cut)), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_TRUNCATED' });
    }
    expect(await refusal(readBundle(bytes(Buffer.from('not a zip at all')), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_TRUNCATED' });
    expect(await refusal(readBundle(bytes(Buffer.alloc(0)), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_TRUNCATED' });
    expect(await refusal(readBundle(bytes(await craft(node, consoleKey, [], { manifest: { formatVersion: 2 } })), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_UNSUPPORTED' });
    expect(await refusal(readBundle(bytes(await craft(node, consoleKey, [], { manifest: { extra: true } })), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_MALFORMED' });
    expect(await refusal(readBundle({ kind: 'file', path: '/nonexistent/bundle.zip' }, consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_MALFORMED' });
  });

  it('refuses a compression bomb before inflating it, and one that lies about its size', async () => {
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    const bomb = await craft(node, consoleKey, [{ id: 'list', type: 'attachment', contentType: 'text/csv', body: zeros, compress: true }]);
    expect(await refusal(readBundle(bytes(bomb), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_ZIP_BOMB', message: expect.stringMatching(/compression bomb/) as string });
    // A member whose deflate data inflates to far more than its headers (and the index) declare.
    const declared = 900;
    const liar = await craft(node, consoleKey, [{ id: 'list', type: 'attachment', contentType: 'text/csv', body: Buffer.alloc(2 * 1024 * 1024, 0x41), size: declared, compress: true }]);
    patchUncompressedSize(liar, 'items/list', declared);
    expect(deflateRawSync(Buffer.alloc(2 * 1024 * 1024, 0x41)).length * 200).toBeGreaterThan(declared);
    expect(await refusal(readBundle(bytes(liar), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_ZIP_BOMB' });
  });

  it('refuses overlapping entries (the non-recursive zip bomb)', async () => {
    const items = [{ id: 'a', type: 'attachment', contentType: 'text/plain', body: Buffer.from('hello'), compress: false }];
    const good = await craft(node, consoleKey, items);
    // Point the central directory record of items/a at the local header of index.jsonl.
    const out = Buffer.from(good);
    const central = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const records: number[] = [];
    for (let i = central; i >= 0; i = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4)) records.push(i);
    const indexOffset = out.readUInt32LE(records[2]! + 42);
    out.writeUInt32LE(indexOffset, records[3]! + 42);
    expect(await refusal(readBundle(bytes(out), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_ZIP_BOMB' });
  });

  it('refuses a manifest signed by the right key that names another sender', async () => {
    const raw = await craft(node, consoleKey, [], { manifest: { sender: { kind: 'online-node', id: 'node-2', name: 'x', keyFingerprint: node.fingerprint } } });
    expect(await refusal(readBundle(bytes(raw), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_MALFORMED', message: expect.stringMatching(/node-2/) as string });
    const manifest = Buffer.from(canonicalJson({ hello: 'world' }));
    const entries = [
      { name: 'manifest.json', data: manifest },
      { name: 'manifest.sig', data: sign('sha256', manifest, { key: node.pem, dsaEncoding: 'der' }) },
      { name: 'index.jsonl', data: Buffer.alloc(0) },
    ];
    expect(await refusal(readBundle(bytes(await zip(entries)), consoleExpects(node, consoleKey)))).toMatchObject({ code: 'BUNDLE_MALFORMED' });
  });
});
