/**
 * Filed SAR/STR reports leave the console sealed to the online node (HPKE, src-main/bundles/sealing.ts),
 * on a real console (SoftHSM2 tokens, encrypted database): filing refuses and changes nothing while
 * the node has not sent its encryption key; once it has, the exported bundle file holds neither the
 * narrative nor the report XML (raw bytes and every unzipped entry), and the node opens what it
 * reads back byte for byte. A sealed item with a flipped byte, or moved into another bundle or under
 * another id — each bundle properly signed by the console key, so only the seal can tell — is refused.
 * A newer encryption key replaces the older one; items sealed to the older one still open.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import { ManualClock } from '../../src-main/platform/clock';
import type { OnlineNode } from '../../src-main/online-node/online-node';
import { buildManifest, bundleBytes, type OutgoingItem } from '../../src-main/bundles/bundle.writer';
import { consoleSigner } from '../../src-main/bundles/console-party';
import { VaultlineError } from '../../src-main/errors';
import { groupFingerprint, type IndexLine } from '../../src-shared/bundles/bundle-format';
import type { ItemPayload } from '../../src-shared/bundles/item-schemas';
import { sealItem } from '../../src-main/bundles/sealing';
import { canonicalBytes } from '../../src-main/bundles/canonical-json';
import { listEncryptionKeys } from '../../src-main/db/node-encryption-keys.repository';
import { call, ok, removeDataDir, requireBuiltCli, runCli } from '../helpers/dev-data';
import { staffedConsole } from '../helpers/operators';
import { individual, onboard } from '../helpers/kyc';
import { REPORTING_ENTITY } from '../helpers/reporting';
import { makeNode, pinNode, sendEncryptionKey } from '../helpers/online-node';
import { unzip } from '../helpers/bundle-craft';

const tx = (n: number): string => n.toString(16).padStart(64, '0');
const SENDER = 'bc1q9h7garjdlqw8xlh6l5c8q3dfd0lqp2t0d6xkpr';
const NARRATIVE_MARK = 'Quillfeather-Vantablack source of funds never explained';
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function bodyOf(i: OutgoingItem): Promise<Buffer> {
  const b = i.body();
  if (b instanceof Uint8Array) return Buffer.from(b);
  const parts: Buffer[] = [];
  for await (const chunk of b) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe('filed reports are sealed to the online node', () => {
  let dir: string;
  let work: string;
  let core: Core;
  let node: OnlineNode;
  const who: Record<string, CallerContext> = {};
  const as = (name: string) => who[name]!;
  let sarId: string;
  let admin: CallerContext;
  /** The signed approval the first filing carried, as the node opened it. */
  let genuineApproval: NonNullable<ItemPayload<'filed-report'>['approval']>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'vl-sealed-'));
    const clock = new ManualClock('2026-05-04T09:00:00.000Z');
    const staffed = await staffedConsole('Sealed reports test', [
      ['anna', ['compliance_analyst']],
      ['olga', ['compliance_officer']],
      ['omar', ['compliance_officer']],
      ['carl', ['custody_officer']],
    ], { clock });
    ({ dir, core, admin } = staffed);
    Object.assign(who, staffed.who);
    node = await makeNode(core, as('carl'), join(work, 'node'), 'node-1', clock);
    await pinNode(core, admin, node);

    // A STR, approved and decided, ready to file (the workflow itself is cases-sar.test.ts).
    await onboard(core, as('olga'), 'C-1', individual());
    await ok(core, 'custody.prices.set', { assetId: 'BTC', usdPerUnit: '60000', asOf: clock.now().toISOString(), source: 'test feed' }, as('carl'));
    const wallet = await ok(core, 'custody.wallets.create', { assetId: 'BTC', role: 'hot', scheme: 'hsm', label: 'BTC hot' }, as('carl'));
    const address = (await ok(core, 'custody.addresses.new', { walletId: wallet.wallet.id, count: 1, customerId: 'C-1' }, as('carl'))).addresses[0]!.address;
    for (const n of [1, 2]) {
      clock.advance(60_000);
      await ok(core, 'ledger.deposits.record', { assetId: 'BTC', txid: tx(n), outputIndex: 0, address, customerId: 'C-1', amount: '0.25', confirmations: 6, sender: { address: SENDER, country: 'SC' } }, as('carl'));
    }
    const alerts = (await ok(core, 'monitoring.alerts.list', { limit: 100, sort: { by: 'raisedAt', dir: 'asc' } }, as('anna'))).rows.filter((a) => a.ruleId === 'high-value');
    const caseId = (await ok(core, 'cases.create', { alertIds: alerts.map((a) => a.id), title: 'High-value deposits C-1' }, as('anna'))).case.id;
    await ok(core, 'cases.transition', { id: caseId, to: 'investigating', reason: 'reviewing the deposits' }, as('anna'));
    await ok(core, 'cases.transition', { id: caseId, to: 'escalated', reason: 'beyond the declared profile' }, as('anna'));
    await ok(core, 'cases.transition', { id: caseId, to: 'decision', decision: 'sar', reason: 'Unexplained deposits from an unhosted wallet: file the STR.' }, as('anna'));
    const { sar } = await ok(core, 'sar.draft', { caseId, kind: 'STR' }, as('anna'));
    sarId = sar.id;
    await ok(core, 'sar.settings.set', { reportingEntity: REPORTING_ENTITY, defaultIndicators: ['IUVC6'] }, as('olga'));
    const current = (await ok(core, 'sar.get', { id: sarId }, as('anna'))).sar.draft as { subjects: Record<string, unknown>[] };
    const subject = { ...current.subjects[0]!, idDocument: { ...(current.subjects[0]!.idDocument as object), issueDate: '2021-05-01' } };
    const narrative = `WHO. Our customer C-1. WHAT. Two deposits of 0.25 BTC. WHY. ${NARRATIVE_MARK}. ACTION TAKEN. Enhanced monitoring.`;
    const updated = (await ok(core, 'sar.update', { id: sarId, reportingEntity: REPORTING_ENTITY, indicators: ['IUVC6', 'UHWLT'], subjects: [subject], narrative, actionTaken: 'Enhanced monitoring; source of funds requested.' }, as('anna'))).sar;
    expect(updated.problems).toEqual([]);
    await ok(core, 'sar.approve', { id: sarId, tokenPin: 'omar-pin-1' }, as('omar'));
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses to file while the online node has not sent its encryption key, and changes nothing', async () => {
    const before = (await ok(core, 'sar.get', { id: sarId }, as('omar'))).sar;
    const outboxBefore = (await ok(core, 'bundles.outbox', {}, as('omar'))).items;
    // The Keys tab's answer says why before anyone tries.
    const status = await ok(core, 'bundles.nodeKey.status', {}, as('carl'));
    expect(status.encryptionKey).toBeNull();
    expect(status.sealingProblem).toMatch(/has not sent its encryption key/);
    const refused = await call(core, 'sar.file', { id: sarId }, as('omar'));
    expect(refused.ok).toBe(false);
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'CONFLICT' });
    expect(refused.ok ? '' : refused.error.message).toMatch(/the online node has not sent its encryption key; a filed report never leaves in clear/i);
    const after = (await ok(core, 'sar.get', { id: sarId }, as('omar'))).sar;
    expect(after).toMatchObject({ state: 'approved', filedAt: null, bundleItemId: null, attachmentItemId: null });
    expect(after.exports).toEqual(before.exports); // the goAML export it made on the way was rolled back too
    expect((await ok(core, 'bundles.outbox', {}, as('omar'))).items).toEqual(outboxBefore);
  });

  it('files once the key is known; the bundle file holds neither the narrative nor the report XML; the node opens it identical', async () => {
    const fingerprint = await sendEncryptionKey(core, as('carl'), node, join(work, 'to-console'));
    expect(listEncryptionKeys(core.console.requireDb())).toEqual([expect.objectContaining({ fingerprint, status: 'current', nodeId: 'node-1', signingKeyFingerprint: node.identity().fingerprintHex })]);
    const status = await ok(core, 'bundles.nodeKey.status', {}, as('carl'));
    expect(status.encryptionKey).toMatchObject({ fingerprint: groupFingerprint(fingerprint), signingKeyFingerprint: node.identity().fingerprint });
    expect(status.sealingProblem).toBeNull();

    const filed = (await ok(core, 'sar.file', { id: sarId }, as('omar'))).sar;
    expect(filed.state).toBe('filed');
    const goaml = filed.exports.find((e) => e.format === 'goaml')!;
    // The SAR roles still see what the items are; their ids say nothing about it.
    const outbox = (await ok(core, 'bundles.outbox', {}, as('omar'))).items;
    expect(outbox.filter((i) => i.itemId === filed.bundleItemId || i.itemId === filed.attachmentItemId).map((i) => i.type).sort()).toEqual(['attachment', 'filed-report']);
    expect(filed.bundleItemId).toMatch(/^sealed-/);
    expect(filed.attachmentItemId).toMatch(/^sealed-/);

    const exported = await ok(core, 'bundles.export', { folder: work }, as('carl'));
    const raw = readFileSync(exported.savedTo!.path);
    const entries = await unzip(raw);
    const report = (await readOpened(exported.savedTo!.path, true)).attachments.get(filed.attachmentItemId!)!;
    expect(sha(report)).toBe(goaml.sha256); // read back identical
    const xml = report.toString('utf8');
    expect(xml).toContain(NARRATIVE_MARK);
    // Needles: the narrative, the subject, the report id, and runs of the XML itself.
    const needles = [NARRATIVE_MARK, 'Lindqvist', sarId, 'filed-report', 'goaml', '<report', xml.slice(0, 64), xml.slice(Math.floor(xml.length / 2), Math.floor(xml.length / 2) + 48)];
    for (const haystack of [raw, ...entries.map((e) => e.data)]) {
      for (const needle of needles) expect(haystack.includes(Buffer.from(needle, 'utf8')), `"${needle.slice(0, 30)}" in the bundle`).toBe(false);
    }
    const index = entries.find((e) => e.name === 'index.jsonl')!.data.toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as IndexLine);
    expect(index.filter((l) => l.id === filed.bundleItemId || l.id === filed.attachmentItemId).map((l) => [l.type, l.contentType])).toEqual([
      ['sealed', 'application/octet-stream'],
      ['sealed', 'application/octet-stream'],
    ]);

    // The same file again (bundles.save) is byte for byte the one exported: the envelopes are stored.
    const copy = mkdtempSync(join(tmpdir(), 'vl-sealed-copy-'));
    try {
      const saved = await ok(core, 'bundles.save', { bundleId: exported.bundle.bundleId, folder: copy }, as('carl'));
      expect(readFileSync(saved.path).equals(raw)).toBe(true);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }

    // The node's CLI (built) writes out the report it opened, for the FIU.
    requireBuiltCli();
    const extracted = join(work, 'extracted');
    const cli = await runCli(['node', 'read', exported.savedTo!.path, '--node-dir', node.dir.root, '--dry-run', '--extract', extracted]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(sha(readFileSync(join(extracted, filed.attachmentItemId!)))).toBe(goaml.sha256);

    // The node opens both: the filed-report item as its JSON, the report as its bytes.
    const read = await readOpened(exported.savedTo!.path, false);
    expect(read.lines.get(filed.bundleItemId!)).toMatchObject({ type: 'filed-report', contentType: 'application/json' });
    expect(read.lines.get(filed.attachmentItemId!)).toMatchObject({ type: 'attachment', contentType: 'application/xml', sha256: goaml.sha256 });
    expect(read.items.find((i) => i.line.id === filed.bundleItemId)!.payload).toMatchObject({ reportId: sarId, kind: 'STR', format: 'goaml-xml', attachmentId: filed.attachmentItemId });
    genuineApproval = (read.items.find((i) => i.line.id === filed.bundleItemId)!.payload as ItemPayload<'filed-report'>).approval!;
    expect(genuineApproval).toBeDefined();
    expect(read.verified.counts.sealed?.count).toBe(2);
  });

  it('refuses a sealed item with a flipped byte, or moved into another bundle or under another id, even when the bundle is properly signed', async () => {
    // A second filing to play with: the node is past the first bundle now.
    const { bundleId, items, header, path: genuine } = await exportWithSealedItem();
    const sealedItems = items.filter((i) => i.type === 'sealed');
    expect(sealedItems.length).toBe(2);
    const bodies = new Map<string, Buffer>();
    for (const i of items) bodies.set(i.id, await bodyOf(i));
    const resign = async (change: { bundleId?: string; items: OutgoingItem[] }): Promise<string> => {
      const built = await buildManifest({ ...header, ...(change.bundleId ? { bundleId: change.bundleId } : {}) }, change.items, consoleSigner(core.console));
      const path = join(work, `forged-${Math.random().toString(16).slice(2)}.zip`);
      writeFileSync(path, await bundleBytes(built));
      return path;
    };
    const asItem = (id: string, bytes: Buffer, like: OutgoingItem): OutgoingItem => ({ id, type: like.type, contentType: like.contentType, size: bytes.length, sha256: sha(bytes), body: () => bytes });
    const refusal = async (path: string) => {
      try {
        await node.read({ kind: 'file', path }, { dryRun: true });
        return undefined;
      } catch (error) {
        return error instanceof VaultlineError ? { code: error.code, message: error.message } : { code: 'other', message: String(error) };
      }
    };
    const target = sealedItems[0]!;
    const others = items.filter((i) => i.id !== target.id).map((i) => asItem(i.id, bodies.get(i.id)!, i));

    // The genuine bundle, re-signed as it is, reads (the control for every case below).
    expect(await refusal(await resign({ bundleId, items: items.map((i) => asItem(i.id, bodies.get(i.id)!, i)) }))).toBeUndefined();

    // A flipped byte in the ciphertext, and in the key-fingerprint field of the envelope.
    for (const at of [bodies.get(target.id)!.length - 20, 80, 9]) {
      const flipped = Buffer.from(bodies.get(target.id)!);
      flipped[at] = flipped[at]! ^ 0x01;
      const r = await refusal(await resign({ bundleId, items: [...others, asItem(target.id, flipped, target)] }));
      expect(r?.code, `byte ${at}`).toMatch(/^BUNDLE_ITEM_(MISMATCH|INVALID)$/);
    }
    // Moved into another bundle (same items, another bundle id).
    const moved = await refusal(await resign({ bundleId: '0b6f8c1e-1d2a-4c3b-9e8f-7a6b5c4d3e2f', items: items.map((i) => asItem(i.id, bodies.get(i.id)!, i)) }));
    expect(moved?.code).toBe('BUNDLE_ITEM_MISMATCH');
    expect(moved?.message).toMatch(/sealed for another bundle or item/);
    // Moved under another item id within the same bundle.
    const renamed = await refusal(await resign({ bundleId, items: [...others, asItem(`${target.id}x`, bodies.get(target.id)!, target)] }));
    expect(renamed).toMatchObject({ code: 'BUNDLE_ITEM_MISMATCH' });
    // A flipped byte in the file itself, not re-signed: the signed index already refuses it.
    const file = readFileSync(await resign({ bundleId, items: items.map((i) => asItem(i.id, bodies.get(i.id)!, i)) }));
    const pos = file.indexOf(bodies.get(target.id)!.subarray(40, 72));
    expect(pos).toBeGreaterThan(0);
    file[pos + 5] = file[pos + 5]! ^ 0x80;
    const tampered = join(work, 'tampered.zip');
    writeFileSync(tampered, file);
    expect(await refusal(tampered)).toMatchObject({ code: 'BUNDLE_ITEM_MISMATCH' });
    // None of the refusals moved the node's chain: the genuine bundle is still next, and opens.
    expect((await node.read({ kind: 'file', path: genuine })).items.filter((i) => i.line.type === 'filed-report')).toHaveLength(1);
  });

  it('a newer encryption key replaces the older; what was sealed to the older still opens on the node', async () => {
    const before = listEncryptionKeys(core.console.requireDb());
    const pending = await exportWithSealedItem();
    const newer = await sendEncryptionKey(core, as('carl'), node, join(work, 'to-console-2'));
    const keys = listEncryptionKeys(core.console.requireDb());
    expect(keys.find((k) => k.fingerprint === newer)).toMatchObject({ status: 'current' });
    expect(keys.find((k) => k.fingerprint === before[0]!.fingerprint)).toMatchObject({ status: 'replaced' });
    // The bundle sealed before the rotation: the node kept the older private key.
    const read = await node.read({ kind: 'file', path: pending.path });
    expect(read.items.some((i) => i.line.type === 'filed-report')).toBe(true);
    // Sealing from now on uses the newer key (the fingerprint is in the envelope, bytes 8–40).
    const next = await exportWithSealedItem();
    const envelope = await bodyOf(next.items.find((i) => i.type === 'sealed')!);
    expect(envelope.subarray(8, 40).toString('hex')).toBe(newer);
    // …and the node opens it with the newer private key.
    expect((await node.read({ kind: 'file', path: next.path })).items.some((i) => i.line.type === 'filed-report')).toBe(true);
  });

  it('the node refuses a filed report whose signed approval is missing, forged, or for another report — as a changed database would queue it', async () => {
    const { bundleId, items, header, path: genuine } = await exportWithSealedItem();
    const key = listEncryptionKeys(core.console.requireDb()).find((k) => k.status === 'current')!;
    const bodies = new Map<string, Buffer>();
    for (const i of items) bodies.set(i.id, await bodyOf(i));
    // Which sealed item is the filed report: the one whose opened line says so.
    const opened = await readOpened(genuine, true);
    const reportItem = items.find((i) => opened.lines.get(i.id)?.type === 'filed-report')!;
    const report = opened.items.find((i) => i.line.id === reportItem.id)!.payload as ItemPayload<'filed-report'>;
    const withReport = async (payload: Record<string, unknown>): Promise<string> => {
      const sealed = await sealItem({ publicKey: Buffer.from(key.publicKey, 'base64'), fingerprint: key.fingerprint }, { bundleId, itemId: reportItem.id }, { type: 'filed-report', contentType: 'application/json', bytes: canonicalBytes(payload) });
      const changed = items.map((i): OutgoingItem => {
        const bytes = i.id === reportItem.id ? sealed : bodies.get(i.id)!;
        return { id: i.id, type: i.type, contentType: i.contentType, size: bytes.length, sha256: sha(bytes), body: () => bytes };
      });
      const path = join(work, `approval-${Math.random().toString(16).slice(2)}.zip`);
      writeFileSync(path, await bundleBytes(await buildManifest({ ...header, bundleId }, changed, consoleSigner(core.console))));
      return path;
    };
    const refusal = (path: string) =>
      node.read({ kind: 'file', path }, { dryRun: true }).then(
        () => undefined,
        (error: unknown) => (error instanceof VaultlineError ? { code: error.code, message: error.message } : { code: 'other', message: String(error) }),
      );
    const expectRefused = (r: { code: string; message: string } | undefined, message: RegExp): void => {
      expect(r?.code).toBe('BUNDLE_ITEM_INVALID');
      expect(r?.message).toMatch(message);
    };
    const { approval: _approval, ...unapproved } = report;
    // The control: the same report sealed again by the test reads.
    expect(await refusal(await withReport(report))).toBeUndefined();
    expectRefused(await refusal(await withReport(unapproved)), /carries no signed approval/);
    const signature = genuineApproval.signature;
    const flipped = `${signature.slice(0, -4)}${signature.endsWith('00') ? '01' : '00'}${signature.slice(-2)}`;
    expectRefused(await refusal(await withReport({ ...report, approval: { ...genuineApproval, signature: flipped } })), /does not verify/);
    // A statement that names someone else is not what the certified key signed.
    const statement = JSON.parse(genuineApproval.statement) as Record<string, unknown>;
    expect(await refusal(await withReport({ ...report, approval: { ...genuineApproval, statement: JSON.stringify({ ...statement, approverUsername: 'olga' }) } }))).toMatchObject({ code: 'BUNDLE_ITEM_INVALID' });
    // A genuine approval moved onto another report.
    expectRefused(await refusal(await withReport({ ...report, reportId: 'SAR-999999' })), /is for STR .*, not STR SAR-999999/);
    // None of it moved the node's chain: the genuine bundle still opens.
    expect((await node.read({ kind: 'file', path: genuine })).items.some((i) => i.line.type === 'filed-report')).toBe(true);
  });

  it('once the node signing key that brought the encryption key is revoked, nothing more is sealed to it', async () => {
    await ok(core, 'bundles.nodeKey.revoke', { reason: 'online node disk was lost in transit' }, admin);
    const refused = await exportWithSealedItem().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(VaultlineError);
    expect((refused as VaultlineError).code).toBe('CONFLICT');
    expect((refused as VaultlineError).message).toMatch(/came under node key .*, which is revoked; the node must send a new encryption key/);
    expect((await ok(core, 'bundles.nodeKey.status', {}, admin)).sealingProblem).toMatch(/which is revoked/);
  });

  it('vaultline node encryption-key makes the key pair and writes the bundle that sends it', async () => {
    requireBuiltCli();
    const other = await makeNode(core, as('carl'), join(work, 'node-cli'), 'node-cli');
    const out = join(work, 'node-cli-out');
    mkdirSync(out); // the removable medium, mounted
    const run = await runCli(['node', 'encryption-key', '--node-dir', other.dir.root, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const [key] = other.config.encryptionKeys ?? [];
    expect(run.stdout).toContain(key!.fingerprint);
    expect(statSync(key!.path).mode & 0o077).toBe(0); // the private key is for the node's user only
    const [file] = readdirSync(out);
    const index = (await unzip(readFileSync(join(out, file!)))).find((e) => e.name === 'index.jsonl')!.data.toString('utf8');
    expect(JSON.parse(index.trim())).toMatchObject({ type: 'node-encryption-key', contentType: 'application/json' });
  });

  /** A new SAR filed and exported: its bundle's id, header, rebuilt items and file path. */
  async function exportWithSealedItem() {
    // Queue a second filing's items straight through the outbox, as sar.file does (the SAR workflow
    // is not what is under test here).
    const db = core.console.requireDb();
    const xml = Buffer.from(`<?xml version="1.0"?><report>${NARRATIVE_MARK} ${Math.random()}</report>`, 'utf8');
    db.sqlite.exec('BEGIN');
    try {
      const att = core.bundles.outbox.queueBytes(db, 'attachment', 'application/xml', xml);
      // The node forwards only a report with its MLRO's signed approval: the first filing's, again.
      core.bundles.outbox.queue(db, 'filed-report', { reportId: sarId, kind: 'STR', jurisdiction: 'AE', format: 'goaml-xml', filedAt: '2026-05-04T10:00:00.000Z', attachmentId: att.itemId, approval: genuineApproval });
      db.sqlite.exec('COMMIT');
    } catch (error) {
      db.sqlite.exec('ROLLBACK');
      throw error;
    }
    const exported = await ok(core, 'bundles.export', { folder: work }, as('carl'));
    const built = core.bundles.exporter.rebuild(db, exported.bundle.bundleId);
    const m = built.manifest;
    return { bundleId: m.bundleId, items: [...built.items], path: exported.savedTo!.path, header: { direction: m.direction, sender: m.sender, recipient: m.recipient, sequence: m.sequence, previousBundleHash: m.previousBundleHash, createdAt: m.createdAt } };
  }

  async function readOpened(path: string, dryRun: boolean) {
    const attachments = new Map<string, Buffer>();
    const lines = new Map<string, IndexLine>();
    const result = await node.read({ kind: 'file', path }, { dryRun, onItem: (line, body) => (lines.set(line.id, line), body.kind === 'attachment' && body.bytes && attachments.set(line.id, body.bytes)) });
    return { ...result, attachments, lines };
  }
});
