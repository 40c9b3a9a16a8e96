/**
 * Bundles through the bus on a real encrypted database and real SoftHSM2 tokens: the key
 * ceremony, preview and all-or-nothing import (ledger items applied, others deferred), every
 * refusal with nothing changed, export signed by the console identity key and read by the online
 * node, key rotation approved by two officers with their own tokens, and round trips through
 * files and through QR frames rendered to PNG and decoded back with frames dropped.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, CUSTODY, makeDataDir, newCore, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import { enrol } from '../helpers/operators';
import { makeNode, NO_SECRETS, pemKey, pinNode, sendEncryptionKey } from '../helpers/online-node';
import { craft, jsonBody, softKey, unzip, zip } from '../helpers/bundle-craft';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import type { OnlineNode } from '../../src-main/online-node/online-node';
import { jsonItem, itemFromBytes, type OutgoingItem } from '../../src-main/bundles/bundle.writer';
import { encodeFrames, UrAssembler } from '../../src-main/bundles/qr/ur.codec';
import { qrPng, readQrPng } from '../../src-main/bundles/qr/qr-images';
import { inTransaction } from '../../src-main/db/database';

const BTC_ADDR = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const tx = (n: number): string => n.toString(16).padStart(64, '0');
const dep = (n: number, customerId: string, amount: string, confirmations = 6): OutgoingItem =>
  jsonItem(`dep-${String(n).padStart(4, '0')}`, 'chain-event', { kind: 'deposit', assetId: 'BTC', txid: tx(n), outputIndex: 0, address: BTC_ADDR, customerId, amount, confirmations, finalized: false });

describe('bundles with the online node', () => {
  let dir: string;
  let work: string;
  let core: Core;
  let admin: CallerContext;
  let cora: CallerContext;
  let cole: CallerContext;
  let cid: CallerContext;
  let auditor: CallerContext;
  let node: OnlineNode;
  const tokens = ['cora', 'cole', 'aud', 'cid'].map((u) => ({ label: `t-${u}`, pin: `${u}-pin-1` }));

  const db = () => core.console.requireDb().sqlite;
  const state = () => {
    const count = (table: string) => (db().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      bundles: count('bundles'),
      items: count('bundle_items'),
      chunks: count('bundle_item_chunks'),
      entries: count('journal_entries'),
      deposits: count('deposits'),
      rotations: count('node_key_rotations'),
      keys: db().prepare('SELECT fingerprint, status FROM node_keys ORDER BY activated_at').all(),
    };
  };
  const fileSource = (path: string) => ({ path });
  const preview = (path: string) => ok(core, 'bundles.preview', { source: fileSource(path) }, cora);
  const importFile = async (path: string) => {
    const p = await preview(path);
    if (!p.bundle) throw new Error(`preview refused: ${p.refusal?.code} ${p.refusal?.message}`);
    return call(core, 'bundles.import', { source: fileSource(path), expectedBundleHash: p.bundle.bundleHash }, cora);
  };
  const make = async (items: readonly OutgoingItem[], n = node) => (await n.createBundle(items, work, NO_SECRETS)).path;
  /** A refusal: the code, the reason in the message, and not one row changed. */
  const refused = async (path: string, code: string, reason: RegExp, source: { path: string } | { base64: string } = fileSource(path)) => {
    const before = state();
    const p = await ok(core, 'bundles.preview', { source }, cora);
    expect(p).toMatchObject({ acceptable: false, refusal: { code } });
    expect(p.refusal!.message).toMatch(reason);
    const r = await call(core, 'bundles.import', { source, expectedBundleHash: p.bundle?.bundleHash ?? '0'.repeat(64) }, cora);
    expect(r.ok).toBe(false);
    if (!r.ok && p.bundle) expect(r.error.code).toBe(code);
    expect(state()).toEqual(before);
  };

  beforeAll(async () => {
    dir = makeDataDir([CUSTODY, { label: ADMIN.tokenLabel, pin: ADMIN.tokenPin }, ...tokens]);
    work = mkdtempSync(join(tmpdir(), 'vaultline-bundles-'));
    core = newCore(dir);
    await ok(core, 'console.init', { consoleName: 'Bundle test', custodyTokenLabel: CUSTODY.label, custodyPin: CUSTODY.pin, admin: ADMIN });
    admin = await unlockAndLogin(core);
    cora = await enrol(core, admin, { username: 'cora', roles: ['custody_officer'], token: tokens[0]! });
    cole = await enrol(core, admin, { username: 'cole', roles: ['compliance_officer'], token: tokens[1]! });
    auditor = await enrol(core, admin, { username: 'aud', roles: ['auditor'], token: tokens[2]! });
    cid = await enrol(core, admin, { username: 'cid', roles: ['custody_officer'], token: tokens[3]! });
    node = await makeNode(core, admin, join(work, 'node'));
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses every bundle before the key ceremony, then pins the node key only with the right fingerprint', async () => {
    const early = await make([dep(1, 'C-1', '0.5')]);
    await refused(early, 'BUNDLE_SIGNER_UNKNOWN', /No sender key is pinned/);
    const id = node.identity();
    const wrong = id.fingerprint.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect(await call(core, 'bundles.nodeKey.pin', { nodeId: id.nodeId, nodeName: id.nodeName, publicKeyPem: id.publicKeyPem, confirmFingerprint: wrong }, admin)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: 'confirmFingerprint' }] },
    });
    expect(await call(core, 'bundles.nodeKey.pin', { nodeId: id.nodeId, nodeName: id.nodeName, publicKeyPem: id.publicKeyPem, confirmFingerprint: id.fingerprint }, cora)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await pinNode(core, admin, node);
    expect(await call(core, 'bundles.nodeKey.pin', { nodeId: id.nodeId, nodeName: id.nodeName, publicKeyPem: id.publicKeyPem, confirmFingerprint: id.fingerprint }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const status = await ok(core, 'bundles.nodeKey.status', {}, auditor);
    expect(status.active).toMatchObject({ nodeId: 'node-1', fingerprint: id.fingerprint, status: 'active' });
    // The window cannot make the core open a path; only the CLI (and tests) name files.
    expect(await call(core, 'bundles.preview', { source: { path: early } }, { host: 'browser', sessionHandle: cora.sessionHandle })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The bundle made before the ceremony is still sequence 1 and now imports.
    expect(await importFile(early)).toMatchObject({ ok: true, value: { applied: 1, deferred: 0 } });
  });

  it('previews, then imports all or nothing: ledger items applied, the rest deferred and kept, an acknowledgement queued', async () => {
    const doc = itemFromBytes('doc-passport-1', 'attachment', 'image/jpeg', Buffer.alloc(5000, 9));
    // Travel Rule messages wait for their module (not built yet): they stay deferred, as does a lone attachment.
    const travel = jsonItem('tr-0001', 'travel-rule-message', { messageId: 'TR-1', protocol: 'trp', originatorVasp: { vaspId: 'vasp-alpha', name: 'Alpha Exchange', jurisdiction: 'DE' }, beneficiaryVasp: { vaspId: 'vasp-beta', name: 'Beta Custody', jurisdiction: 'FR' }, transfer: { assetId: 'BTC', amount: '0.25' }, ivms101: { originator: { naturalPerson: { name: 'Ada Lovelace' } } }, at: '2026-01-31T10:00:00.000Z' });
    const prices = jsonItem('prices-0001', 'market-prices', { asOf: '2026-02-01T00:00:00.000Z', source: 'test feed', quote: 'USD', prices: [{ assetId: 'BTC', price: '61234.5' }] });
    const snapshot = jsonItem('snap-0001', 'balance-snapshot', { snapshotId: 'snap-1', assetId: 'BTC', wallet: 'wallet_hot', chainBalance: '1.6', asOf: new Date(Date.now() + 60_000).toISOString(), source: 'node-1 bitcoind' });
    const path = await make([dep(2, 'C-2', '1'), dep(3, 'C-3', '0.25', 1), travel, doc, prices, snapshot]);
    const before = state();
    const p = await preview(path);
    expect(p).toMatchObject({ acceptable: true, refusal: null, expectedSequence: 2, bundle: { sequence: 2, itemCount: 6, sender: { id: 'node-1', fingerprint: node.identity().fingerprint } } });
    expect(Object.fromEntries(p.types.map((t) => [t.type, [t.count, t.applied, t.deferred]]))).toEqual({
      attachment: [1, 0, 1],
      'balance-snapshot': [1, 1, 0],
      'chain-event': [2, 2, 0],
      'market-prices': [1, 1, 0],
      'travel-rule-message': [1, 0, 1],
    });
    expect(p.warnings.join('\n')).toMatch(/wait for modules not built yet/);
    expect(state()).toEqual(before);
    const result = await call(core, 'bundles.import', { source: fileSource(path), expectedBundleHash: p.bundle!.bundleHash }, cora);
    expect(result).toMatchObject({ ok: true, value: { applied: 4, deferred: 2, acknowledgementItemId: expect.stringMatching(/^ack-000002-/) as string } });
    const deposits = await ok(core, 'ledger.deposits.list', {}, auditor);
    expect(deposits.deposits.map((d) => [d.customerId, d.status]).sort()).toEqual([['C-1', 'credited'], ['C-2', 'credited'], ['C-3', 'pending']]);
    const exceptions = await ok(core, 'reconciliation.exceptions.list', {}, auditor);
    expect(exceptions.exceptions).toHaveLength(1);
    const history = await ok(core, 'bundles.list', {}, auditor);
    expect(history.bundles.map((b) => [b.direction, b.sequence, b.applied, b.deferred])).toEqual([['inbound', 2, 4, 2], ['inbound', 1, 1, 0]]);
    const detail = await ok(core, 'bundles.get', { bundleId: p.bundle!.bundleId }, auditor);
    expect(detail.items.find((i) => i.itemId === 'tr-0001')).toMatchObject({ status: 'deferred', module: 'Travel Rule' });
    expect(detail.items.find((i) => i.itemId === 'doc-passport-1')).toMatchObject({ status: 'deferred', size: 5000, contentType: 'image/jpeg' });
    const outbox = await ok(core, 'bundles.outbox', {}, auditor);
    expect(outbox.items.map((i) => i.type)).toEqual(['acknowledgement', 'acknowledgement']);
    expect(outbox.deferredInbound.map((d) => d.type).sort()).toEqual(['attachment', 'travel-rule-message']);
    // The stored bytes are exactly what was signed.
    const row = db().prepare("SELECT id, sha256 FROM bundle_items WHERE item_id = 'doc-passport-1'").get() as { id: number; sha256: string };
    const stored = Buffer.concat((db().prepare('SELECT data FROM bundle_item_chunks WHERE item_row = ? ORDER BY chunk').all(row.id) as { data: Buffer }[]).map((r) => r.data));
    expect(stored.equals(Buffer.alloc(5000, 9))).toBe(true);
  });

  it('refuses replay, gap, reordering, a forked chain, and a file changed since its preview', async () => {
    const first = readdirSync(work).filter((f) => f.startsWith('vaultline-to-console-000001'))[0]!;
    await refused(join(work, first), 'BUNDLE_REPLAY', /already taken/);
    const savedState = readFileSync(node.dir.statePath);
    const b3 = await make([dep(4, 'C-4', '0.1')]);
    const b4 = await make([dep(5, 'C-5', '0.1')]);
    await refused(b4, 'BUNDLE_GAP', /bundle 3 is missing/);
    expect(await importFile(b3)).toMatchObject({ ok: true });
    expect(await importFile(b4)).toMatchObject({ ok: true });
    // The node's state is rewound: it makes another bundle 3 (reordering / a rewound sender).
    writeFileSync(node.dir.statePath, savedState);
    const stale = await make([dep(6, 'C-6', '0.1')]);
    await refused(stale, 'BUNDLE_OUT_OF_ORDER', /sequence 3, but 4 was already taken/);
    // Right number, wrong history.
    const state4 = JSON.parse(savedState.toString()) as { sent: { sequence: number; hash: string } };
    writeFileSync(node.dir.statePath, JSON.stringify({ ...JSON.parse(savedState.toString()), sent: { sequence: 4, hash: 'e'.repeat(64) } }));
    const fork = await make([dep(7, 'C-7', '0.1')]);
    await refused(fork, 'BUNDLE_CHAIN_BROKEN', /history differs/);
    expect(state4.sent.sequence).toBe(2);
    // Back on the real chain for the next tests.
    const hash4 = (db().prepare("SELECT bundle_hash AS h FROM bundles WHERE direction = 'inbound' AND sequence = 4").get() as { h: string }).h;
    writeFileSync(node.dir.statePath, JSON.stringify({ ...JSON.parse(savedState.toString()), sent: { sequence: 4, hash: hash4 } }));
    // Previewed one file, asked to import another.
    const b5 = await make([dep(8, 'C-8', '0.1')]);
    const p5 = await preview(b5);
    writeFileSync(node.dir.statePath, JSON.stringify({ ...JSON.parse(savedState.toString()), sent: { sequence: 4, hash: hash4 } }));
    const other = await make([dep(9, 'C-9', '0.1')]);
    writeFileSync(node.dir.statePath, JSON.stringify({ ...JSON.parse(savedState.toString()), sent: { sequence: 4, hash: hash4 } }));
    const before = state();
    expect(await call(core, 'bundles.import', { source: fileSource(other), expectedBundleHash: p5.bundle!.bundleHash }, cora)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(state()).toEqual(before);
  });

  it('refuses a wrong recipient, an unknown signer, a bad signature, a changed item, oversize and malformed items, a truncated file and a zip bomb', async () => {
    // Another console's node: addressed elsewhere.
    const otherCard = softKey();
    const stranger = await makeNode(core, admin, join(work, 'stranger'), 'node-1');
    const strangerConfig = stranger.config;
    stranger.dir.writeConfig({ ...strangerConfig, key: node.config.key, console: { ...strangerConfig.console, id: 'vl_other', publicKeyPem: otherCard.publicPem, fingerprint: otherCard.fingerprint } });
    stranger.dir.writeState(node.dir.readState());
    await refused(await make([dep(10, 'C-1', '0.1')], stranger), 'BUNDLE_WRONG_RECIPIENT', /addressed to/);
    // A key the console never pinned.
    const impostor = await makeNode(core, admin, join(work, 'impostor'), 'node-1');
    impostor.dir.writeState(node.dir.readState());
    await refused(await make([dep(10, 'C-1', '0.1')], impostor), 'BUNDLE_SIGNER_UNKNOWN', /unknown key/);
    const beforeGood = readFileSync(node.dir.statePath);
    const good = await make([dep(10, 'C-1', '0.1'), dep(11, 'C-1', '0.2')]);
    const goodState = readFileSync(node.dir.statePath);
    const entries = await unzip(readFileSync(good));
    const badSig = entries.map((e) => ({ ...e, data: e.name === 'manifest.sig' ? Buffer.concat([e.data.subarray(0, e.data.length - 1), Buffer.from([e.data[e.data.length - 1]! ^ 1])]) : e.data }));
    writeFileSync(join(work, 'bad-sig.zip'), await zip(badSig));
    await refused(join(work, 'bad-sig.zip'), 'BUNDLE_SIGNATURE_INVALID', /does not verify/);
    const changed = entries.map((e) => ({ ...e, data: e.name === 'items/dep-0010' ? Buffer.from(e.data.toString().replace('"0.1"', '"9.1"')) : e.data }));
    writeFileSync(join(work, 'changed.zip'), await zip(changed));
    await refused(join(work, 'changed.zip'), 'BUNDLE_ITEM_MISMATCH', /dep-0010.*was changed/);
    const bytes = readFileSync(good);
    writeFileSync(join(work, 'truncated.zip'), bytes.subarray(0, bytes.length - 100));
    await refused(join(work, 'truncated.zip'), 'BUNDLE_TRUNCATED', /truncated/);
    // Hand-made bundles signed by the real node key, wrong only in the way under test.
    const key = { pem: readFileSync((node.config.key as { path: string }).path, 'utf8'), spki: Buffer.from(node.config.key.spki, 'base64'), fingerprint: node.identity().fingerprintHex, publicPem: node.identity().publicKeyPem, signer: () => { throw new Error('unused'); } };
    const me = await ok(core, 'bundles.identity', {}, cora);
    const consoleKey = { ...key, fingerprint: me.fingerprintHex };
    const last = db().prepare("SELECT sequence, bundle_hash AS hash FROM bundles WHERE direction = 'inbound' ORDER BY sequence DESC LIMIT 1").get() as { sequence: number; hash: string };
    const crafted = async (name: string, items: Parameters<typeof craft>[2]) => {
      const raw = await craft(key, consoleKey, items, { sequence: last.sequence + 1, previousBundleHash: last.hash, manifest: { recipient: { kind: 'console', id: me.consoleId, name: me.consoleName, keyFingerprint: me.fingerprintHex } } });
      writeFileSync(join(work, name), raw);
      return join(work, name);
    };
    await refused(await crafted('oversize.zip', [{ id: 'r', type: 'chain-event', body: jsonBody({ kind: 'reorg', assetId: 'BTC', txid: tx(1), outputIndex: 0, reason: 'x'.repeat(20_000) }) }]), 'BUNDLE_TOO_LARGE', /limit for its type/);
    await refused(await crafted('malformed.zip', [{ id: 'd', type: 'chain-event', body: jsonBody({ kind: 'deposit', assetId: 'BTC' }) }]), 'BUNDLE_ITEM_INVALID', /not valid/);
    await refused(await crafted('bomb.zip', [{ id: 'list', type: 'attachment', contentType: 'text/csv', body: Buffer.alloc(16 * 1024 * 1024), compress: true }]), 'BUNDLE_ZIP_BOMB', /compression bomb/);
    // An item the ledger refuses (a withdrawal receipt with no hold) fails the whole bundle.
    writeFileSync(node.dir.statePath, beforeGood);
    await refused(await make([dep(12, 'C-1', '0.3'), jsonItem('rcpt-1', 'broadcast-receipt', { withdrawalId: 'W-404', txid: tx(99), amount: '0.1', networkFee: '0.0001', feePaidBy: 'customer', broadcastAt: '2026-02-01T10:00:00.000Z' })]), 'BUNDLE_ITEM_INVALID', /rcpt-1.*No withdrawal or hold W-404/);
    writeFileSync(node.dir.statePath, goodState);
    expect(await importFile(good)).toMatchObject({ ok: true, value: { applied: 2 } });
  });

  it('exports the outbox as one bundle signed by the console identity key, which the online node verifies once', async () => {
    const outFolder = join(work, 'usb');
    mkdirSync(outFolder);
    expect(await call(core, 'bundles.export', { folder: join(work, 'no-such-folder') }, cora)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const before = (await ok(core, 'bundles.outbox', {}, cora)).items.length;
    expect(before).toBeGreaterThanOrEqual(5);
    // The record fails to commit after the file was written (its audit entry is refused): the
    // staged file goes with it, and the same export succeeds afterwards under the same sequence.
    const sqlite = core.console.requireDb().sqlite;
    sqlite.exec(`CREATE TEMP TRIGGER fail_export BEFORE INSERT ON audit_log WHEN NEW.command = 'bundles.export' AND NEW.outcome = 'ok' BEGIN SELECT RAISE(ABORT, 'injected commit failure'); END`);
    try {
      expect(await call(core, 'bundles.export', { folder: outFolder }, cora)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    } finally {
      sqlite.exec('DROP TRIGGER fail_export');
    }
    expect(readdirSync(outFolder)).toEqual([]);
    expect((await ok(core, 'bundles.outbox', {}, cora)).items).toHaveLength(before);
    const exported = await ok(core, 'bundles.export', { folder: outFolder }, cora);
    expect(readdirSync(outFolder)).toEqual([exported.bundle.fileName]);
    expect(exported).toMatchObject({ bundle: { direction: 'outbound', sequence: 1, itemCount: before }, savedTo: { path: expect.stringContaining(outFolder) as string } });
    expect(readdirSync(outFolder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await ok(core, 'bundles.outbox', {}, cora)).items).toEqual([]);
    expect(await call(core, 'bundles.export', {}, cora)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const read = await node.read({ kind: 'file', path: exported.savedTo!.path });
    expect(read.verified.manifest).toMatchObject({ direction: 'outbound', sequence: 1, sender: { kind: 'console' }, recipient: { id: 'node-1' } });
    expect(read.items.every((i) => i.line.type === 'acknowledgement')).toBe(true);
    await expect(node.read({ kind: 'file', path: exported.savedTo!.path })).rejects.toMatchObject({ code: 'BUNDLE_REPLAY' });
    // A second copy, byte for byte the same bundle.
    const again = await ok(core, 'bundles.save', { bundleId: exported.bundle.bundleId, folder: join(work, 'node') }, cora);
    expect(readFileSync(again.path).equals(readFileSync(exported.savedTo!.path))).toBe(true);
    expect(await call(core, 'bundles.save', { bundleId: exported.bundle.bundleId, folder: outFolder }, cora)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('rotates the node key only after two officers sign the rotation with their own tokens', async () => {
    const nextKey = pemKey(join(work, 'node'), 'node-key-2');
    const path = (await node.rotateKey(nextKey, 'scheduled yearly rotation', work, NO_SECRETS)).path;
    const p = await preview(path);
    expect(p.warnings.join('\n')).toMatch(/announces a new online-node key/);
    expect(await importFile(path)).toMatchObject({ ok: true, value: { applied: 1 } });
    const status = await ok(core, 'bundles.nodeKey.status', {}, auditor);
    const rotation = status.rotations[0]!;
    expect(rotation).toMatchObject({ status: 'pending', approvals: [], needed: 2 });
    expect(await call(core, 'bundles.rotations.approve', { rotationId: rotation.id, tokenPin: 'wrong-pin-99' }, cid)).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT' } });
    expect(await call(core, 'bundles.rotations.approve', { rotationId: rotation.id, tokenPin: tokens[2]!.pin }, auditor)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Cora carried the rotation in (she imported its bundle): she is not one of its approvers.
    expect(await call(core, 'bundles.rotations.approve', { rotationId: rotation.id, tokenPin: tokens[0]!.pin }, cora)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/imported the bundle/) as string } });
    expect(await ok(core, 'bundles.rotations.approve', { rotationId: rotation.id, tokenPin: tokens[3]!.pin }, cid)).toMatchObject({ activated: false, rotation: { approvals: [{ username: 'cid' }] } });
    expect(await call(core, 'bundles.rotations.approve', { rotationId: rotation.id, tokenPin: tokens[3]!.pin }, cid)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // Not yet in force: the node's bundles are still checked against the old key.
    expect((await ok(core, 'bundles.nodeKey.status', {}, auditor)).active?.fingerprint).toBe(node.identity().fingerprint);
    expect(await ok(core, 'bundles.rotations.approve', { rotationId: rotation.id, tokenPin: tokens[1]!.pin }, cole)).toMatchObject({ activated: true, rotation: { status: 'approved' } });
    const after = await ok(core, 'bundles.nodeKey.status', {}, auditor);
    expect(after.keys.map((k) => k.status)).toEqual(['retired', 'active']);
    // Still signing with the old key: refused as rotated out.
    await refused(await make([dep(20, 'C-1', '0.1')]), 'BUNDLE_SIGNER_REVOKED', /rotated out/);
    writeFileSync(node.dir.statePath, JSON.stringify({ ...node.dir.readState(), sent: { sequence: node.dir.readState().sent.sequence - 1, hash: (db().prepare("SELECT bundle_hash AS h FROM bundles WHERE direction = 'inbound' ORDER BY sequence DESC LIMIT 1").get() as { h: string }).h } }));
    node.activateNextKey();
    expect(await importFile(await make([dep(20, 'C-1', '0.1')]))).toMatchObject({ ok: true });
    // The signatures stay on record and verify with each officer's enrolled key.
    const approvals = db().prepare('SELECT count(*) AS n FROM node_key_rotation_approvals').get() as { n: number };
    expect(approvals.n).toBe(2);
    expect(() => db().prepare('DELETE FROM node_key_rotation_approvals').run()).toThrow(/immutable/);
    expect(() => db().prepare('UPDATE bundles SET sequence = 99').run()).toThrow(/immutable/);
  });

  it('round-trips bundles through QR frames rendered as PNG and decoded back with 30% of frames dropped', async () => {
    // Outbound: console → frames → images → node.
    const exported = await ok(core, 'bundles.export', {}, cora);
    const qr = await ok(core, 'bundles.qr', { bundleId: exported.bundle.bundleId }, cora);
    expect(qr).toMatchObject({ fits: true, problem: null, fragmentSize: 300, framesPerSecond: 5 });
    // The window loops the animation; the camera misses 3 frames in 10.
    const assembler = new UrAssembler();
    let shown = 0;
    for (let frame = 0; frame < qr.parts.length * 4 && !assembler.complete; frame++) {
      if (frame % 10 < 3) continue;
      shown += 1;
      assembler.receive(readQrPng(await qrPng(qr.parts[frame % qr.parts.length]!))!);
    }
    expect(assembler.complete).toBe(true);
    expect(shown).toBeLessThanOrEqual(qr.seqLength * 3);
    const read = await node.read({ kind: 'bytes', bytes: assembler.result.message });
    expect(read.verified.manifest.sequence).toBe(2);
    // Inbound: node bundle → frames → images → console preview and import from the bytes.
    const made = await make([dep(30, 'C-30', '0.7')]);
    const frames = encodeFrames(readFileSync(made), { count: 200 });
    const scan = new UrAssembler();
    for (const [i, part] of frames.parts.entries()) {
      if (i % 10 >= 7) continue;
      if (scan.receive(readQrPng(await qrPng(part))!) === 'complete') break;
    }
    const base64 = scan.result.message.toString('base64');
    const p = await ok(core, 'bundles.preview', { source: { base64, fileName: 'scanned.zip' } }, cora);
    expect(p).toMatchObject({ acceptable: true, bundle: { fileName: 'scanned.zip' } });
    expect(await call(core, 'bundles.import', { source: { base64 }, expectedBundleHash: p.bundle!.bundleHash }, cora)).toMatchObject({ ok: true, value: { applied: 1 } });
    // Too large for QR: said so, with the file route. (An outbound attachment is sealed to the
    // node's encryption key, so the node sends one first.)
    await sendEncryptionKey(core, cora, node, join(work, 'encryption-key'));
    const sqlite = core.console.requireDb();
    await inTransaction(sqlite, () => core.bundles.outbox.queueBytes(sqlite, 'attachment', 'application/pdf', Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251))));
    const big = await ok(core, 'bundles.export', {}, cora);
    expect(await ok(core, 'bundles.qr', { bundleId: big.bundle.bundleId }, cora)).toMatchObject({ fits: false, parts: [], problem: expect.stringMatching(/file route/) as string });
  });

  it('revokes the node key: nothing inbound is accepted until a new ceremony', async () => {
    expect(await call(core, 'bundles.nodeKey.revoke', { reason: 'short' }, admin)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await ok(core, 'bundles.nodeKey.revoke', { reason: 'online node disk was lost in transit' }, admin);
    await refused(await make([dep(40, 'C-1', '0.1')]), 'BUNDLE_SIGNER_REVOKED', /revoked/);
    const audit = await ok(core, 'audit.list', { command: 'bundles.import', outcome: 'refused', limit: 100 }, auditor);
    expect(audit.entries.map((e) => e.errorCode)).toEqual(expect.arrayContaining(['BUNDLE_REPLAY', 'BUNDLE_GAP', 'BUNDLE_SIGNER_REVOKED', 'BUNDLE_ZIP_BOMB']));
    expect((await ok(core, 'audit.verify', {}, auditor)).valid).toBe(true);
  });
});
