/** Sealed items: HPKE round trip, and every way an envelope must fail to open. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VaultlineError } from '../errors';
import { consoleExpects, craft, softKey } from '../../test/helpers/bundle-craft';
import { readBundle } from './bundle.reader';
import { canonicalBytes } from './canonical-json';
import { encryptionKeyFingerprint, generateEncryptionKeyPair, openSealed, sealedTo, sealItem } from './sealing';

const place = { bundleId: '6f1c2a9e-0b4d-4e8a-9c3f-2d7b1a5e8f00', itemId: 'sealed-0011223344556677' };
const xml = Buffer.from('<?xml version="1.0"?><report><reason>structuring below the threshold</reason></report>', 'utf8');

async function keyring() {
  const pair = await generateEncryptionKeyPair();
  const keys = new Map([[pair.fingerprint, pair.privateKey]]);
  return { key: { publicKey: pair.publicKey, fingerprint: pair.fingerprint }, open: (fp: string) => keys.get(fp) };
}

async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof VaultlineError ? error.code : String(error);
  }
}

describe('sealed items', () => {
  it('open to exactly what was sealed, and the envelope holds none of it in clear', async () => {
    const { key, open } = await keyring();
    expect(key.fingerprint).toBe(encryptionKeyFingerprint(key.publicKey));
    const envelope = await sealItem(key, place, { type: 'attachment', contentType: 'application/xml', bytes: xml });
    expect(envelope.includes(Buffer.from('structuring'))).toBe(false);
    expect(envelope.includes(Buffer.from('attachment'))).toBe(false);
    expect(sealedTo(envelope)).toBe(key.fingerprint);
    const opened = await openSealed(open, place, envelope);
    expect(opened).toMatchObject({ type: 'attachment', contentType: 'application/xml', sha256: createHash('sha256').update(xml).digest('hex') });
    expect(opened.bytes.equals(xml)).toBe(true);
    // Randomised: the same item sealed twice gives two different envelopes.
    expect((await sealItem(key, place, { type: 'attachment', contentType: 'application/xml', bytes: xml })).equals(envelope)).toBe(false);
  });

  it('refuses a changed envelope, another bundle or item id, a key it does not hold, and a type that is never sealed', async () => {
    const { key, open } = await keyring();
    const envelope = await sealItem(key, place, { type: 'filed-report', contentType: 'application/json', bytes: canonicalBytes({ reportId: 'SAR-1' }) });
    for (const at of [45, 80, envelope.length - 1]) {
      const changed = Buffer.from(envelope);
      changed[at] = changed[at]! ^ 0x40;
      expect(await refusal(openSealed(open, place, changed)), `byte ${at}`).toBe('BUNDLE_ITEM_MISMATCH');
    }
    expect(await refusal(openSealed(open, { ...place, bundleId: '6f1c2a9e-0b4d-4e8a-9c3f-2d7b1a5e8f01' }, envelope))).toBe('BUNDLE_ITEM_MISMATCH');
    expect(await refusal(openSealed(open, { ...place, itemId: 'sealed-0011223344556678' }, envelope))).toBe('BUNDLE_ITEM_MISMATCH');
    const other = await keyring();
    expect(await refusal(openSealed(other.open, place, envelope))).toBe('BUNDLE_ITEM_INVALID');
    expect(await refusal(openSealed(open, place, envelope.subarray(0, 40)))).toBe('BUNDLE_ITEM_INVALID');
    expect(await refusal(openSealed(open, place, Buffer.concat([Buffer.from('NOTSEAL!'), envelope.subarray(8)])))).toBe('BUNDLE_ITEM_INVALID');
    // A properly sealed acknowledgement, or a sealed item inside a sealed item, is not a thing the console makes.
    const ack = await sealItem(key, place, { type: 'acknowledgement', contentType: 'application/json', bytes: canonicalBytes({}) });
    expect(await refusal(openSealed(open, place, ack))).toBe('BUNDLE_ITEM_INVALID');
    const nested = await sealItem(key, place, { type: 'sealed', contentType: 'application/octet-stream', bytes: envelope });
    expect(await refusal(openSealed(open, place, nested))).toBe('BUNDLE_ITEM_INVALID');
    // A content type the inner type does not allow.
    const pdfReport = await sealItem(key, place, { type: 'filed-report', contentType: 'application/pdf', bytes: xml });
    expect(await refusal(openSealed(open, place, pdfReport))).toBe('BUNDLE_ITEM_INVALID');
  });

  it('a reader that does not know an item type refuses the bundle (how a reader older than `sealed` meets one); `sealed` never travels inbound', async () => {
    const node = softKey();
    const consoleKey = softKey();
    const body = Buffer.from('opaque');
    const unknown = await craft(node, consoleKey, [{ id: 's', type: 'sealed-v9', body, contentType: 'application/octet-stream' }]);
    expect(await refusal(readBundle({ kind: 'bytes', bytes: unknown }, consoleExpects(node, consoleKey)))).toBe('BUNDLE_MALFORMED');
    const inbound = await craft(node, consoleKey, [{ id: 's', type: 'sealed', body, contentType: 'application/octet-stream' }]);
    expect(await refusal(readBundle({ kind: 'bytes', bytes: inbound }, consoleExpects(node, consoleKey)))).toBe('BUNDLE_ITEM_INVALID');
  });
});
