/**
 * The online node with its key on a PKCS#11 token (SoftHSM2 here; an HSM or smartcard on a real
 * online machine): the key is made on the token, bundles are signed there, and they verify.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir } from '../helpers/dev-data';
import { generateTokenKey, tokenPublicKey } from '../../src-main/hsm/node.keystore';
import { defaultModulePath } from '../../src-main/services/data-dir';
import { signerFor } from '../../src-main/online-node/online-node';
import { buildManifest, bundleBytes, jsonItem } from '../../src-main/bundles/bundle.writer';
import { readBundle } from '../../src-main/bundles/bundle.reader';
import { keyFingerprintHex } from '../../src-main/bundles/bundle-keys';
import { consolePartyOf, softKey } from '../helpers/bundle-craft';
import { GENESIS_BUNDLE_HASH } from '../../src-shared/bundles/bundle-format';

const TOKEN = { label: 'node-token', pin: 'node-pin-1' };

describe('online-node key on a PKCS#11 token', () => {
  let dir: string;
  let work: string;
  beforeAll(() => {
    dir = makeDataDir([TOKEN]);
    process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf');
    work = mkdtempSync(join(tmpdir(), 'vaultline-node-token-'));
  });
  afterAll(() => {
    removeDataDir(dir);
    rmSync(work, { recursive: true, force: true });
  });

  it('makes the key on the token and signs bundles that verify with it', async () => {
    const modulePath = defaultModulePath();
    const spki = generateTokenKey(modulePath, TOKEN.label, TOKEN.pin, 'vaultline-node');
    expect(tokenPublicKey(modulePath, TOKEN.label, TOKEN.pin, 'vaultline-node').equals(spki)).toBe(true);
    expect(() => generateTokenKey(modulePath, TOKEN.label, TOKEN.pin, 'vaultline-node')).toThrow(/already holds/);
    const source = { kind: 'pkcs11' as const, modulePath, tokenLabel: TOKEN.label, keyLabel: 'vaultline-node', spki: spki.toString('base64') };
    const signer = await signerFor(source, { keyPassphrase: () => Promise.reject(new Error('none')), tokenPin: () => Promise.resolve(TOKEN.pin) });
    const consoleKey = softKey();
    const fingerprint = keyFingerprintHex(spki);
    const built = await buildManifest(
      { direction: 'inbound', sender: { kind: 'online-node', id: 'node-hsm', name: 'HSM node', keyFingerprint: fingerprint }, recipient: consolePartyOf(consoleKey), sequence: 1, previousBundleHash: GENESIS_BUNDLE_HASH, createdAt: '2026-02-01T10:00:00.000Z' },
      [jsonItem('p-1', 'market-prices', { asOf: '2026-02-01T00:00:00.000Z', source: 'x', quote: 'USD', prices: [{ assetId: 'BTC', price: '1' }] })],
      signer,
    );
    const verified = await readBundle(
      { kind: 'bytes', bytes: await bundleBytes(built) },
      {
        direction: 'inbound',
        recipient: { id: 'vl_console01', keyFingerprints: [consoleKey.fingerprint] },
        keys: [{ fingerprint, spki, status: 'active', ownerId: 'node-hsm' }],
        chain: { lastSequence: 0, lastHash: '', isKnown: () => false },
      },
    );
    expect(verified.bundleHash).toBe(built.bundleHash);
    await expect(signerFor(source, { keyPassphrase: () => Promise.reject(new Error('none')), tokenPin: () => Promise.resolve('wrong-pin') }).then((s) => s.sign(Buffer.from('x')))).rejects.toMatchObject({ code: 'PIN_INCORRECT' });
  });
});
