import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { groupFingerprint } from '../../src-shared/bundles/bundle-format';
import { ITEM_TYPES, isItemTypeName } from '../../src-shared/bundles/item-types';
import { VaultlineError } from '../errors';
import type { Bus, HandlerContext } from '../bus/bus';
import type { ConsoleService } from '../services/console.service';
import type { ReadableDB } from '../db/database';
import { approvalsOf, countByStatus, findBundle, listBundles, listItems, listRotations, queuedItems, typeCountsOf, type BundleItemRow, type BundleRow, type NodeKeyRow, type RotationRow } from '../db/bundles.repository';
import { findNodeKey } from '../db/bundles.repository';
import { findOperatorById } from '../db/operators.repository';
import type { BundlesModule } from '../bundles/bundles.module';
import type { BundleSource } from '../bundles/bundle.reader';
import { consoleParty } from '../bundles/console-party';
import { spkiToPem } from '../bundles/bundle-keys';
import { ROTATION_QUORUM } from '../bundles/node-keys.service';
import { sealingKeyState } from '../bundles/node-encryption-keys';
import { encodeFrames, QR_DEFAULTS, tooLargeForQr } from '../bundles/qr/ur.codec';
import { canSeeSars } from '../../src-shared/roles';
import { actor } from './session.handlers';

type SourceInput = { path: string } | { base64: string; fileName?: string | undefined };

/**
 * A bundle by path is read by the core from its own file system: only the CLI (run by the
 * operator on the console's machine) and tests may name one. The window sends the bytes of the
 * file it picked; it cannot make the core open files it names.
 */
function sourceOf(input: SourceInput, ctx: HandlerContext): { source: BundleSource; fileName: string | undefined } {
  if ('path' in input) {
    if (ctx.caller.host !== 'cli' && ctx.caller.host !== 'test') throw new VaultlineError('FORBIDDEN', 'The window sends a bundle’s bytes, not a path on the console’s disk.');
    return { source: { kind: 'file', path: input.path }, fileName: basename(input.path) };
  }
  return { source: { kind: 'bytes', bytes: Buffer.from(input.base64, 'base64') }, fileName: input.fileName };
}

function keyView(k: NodeKeyRow) {
  return {
    id: k.id,
    nodeId: k.nodeId,
    nodeName: k.nodeName,
    fingerprint: groupFingerprint(k.fingerprint),
    publicKeyPem: spkiToPem(Buffer.from(k.spki, 'base64')),
    status: k.status,
    activatedAt: k.activatedAt,
    pinnedBy: k.pinnedBy,
    rotationId: k.rotationId,
    endedAt: k.endedAt,
    endReason: k.endReason,
  };
}

function rotationView(db: ReadableDB, r: RotationRow) {
  return {
    id: r.id,
    bundleId: r.bundleId,
    nodeId: r.nodeId,
    oldFingerprint: groupFingerprint(findNodeKey(db, r.oldKeyId)?.fingerprint ?? ''),
    newFingerprint: groupFingerprint(r.newFingerprint),
    reason: r.reason,
    digest: r.digest,
    status: r.status,
    approvals: approvalsOf(db, r.id).map((a) => ({ operatorId: a.operatorId, username: findOperatorById(db, a.operatorId)?.username ?? a.operatorId, keyFingerprint: a.keyFingerprint, signedAt: a.signedAt })),
    needed: ROTATION_QUORUM,
    createdAt: r.createdAt,
    decidedAt: r.decidedAt,
    decisionNote: r.decisionNote,
  };
}

function bundleView(b: BundleRow) {
  return {
    bundleId: b.id,
    direction: b.direction,
    sequence: b.sequence,
    bundleHash: b.bundleHash,
    previousHash: b.previousHash,
    sender: { id: b.senderId, name: b.senderName, fingerprint: groupFingerprint(b.senderFingerprint) },
    recipient: { id: b.recipientId, name: b.recipientId, fingerprint: groupFingerprint(b.recipientFingerprint) },
    createdAt: b.createdAt,
    recordedAt: b.recordedAt,
    operatorId: b.operatorId,
    itemCount: b.itemCount,
    totalItemBytes: b.totalItemBytes,
    applied: b.applied,
    deferred: b.deferred,
    fileName: b.fileName,
    fileBytes: b.fileBytes,
  };
}

function itemView(i: BundleItemRow) {
  return { itemId: i.itemId, bundleId: i.bundleId, direction: i.direction, type: i.type, contentType: i.contentType, size: i.size, sha256: i.sha256, status: i.status, module: i.module, note: i.note, createdAt: i.createdAt };
}

/**
 * SAR confidentiality (FATF R21, tipping-off): outside SAR_ROLES a filed SAR/STR travels through
 * the outbox and the bundle history as a "sealed compliance item": no type, no item id (ids start
 * with the type), no content type, no size, no note. Both the `filed-report` item and the
 * `attachment` it references (the goAML/FinCEN/PDF file) are sealed. The bundle itself carries them
 * unchanged; SAR roles see them as they are.
 */
export const SEALED_ITEM_TYPE = 'sealed';
const SEALED_PREFIX = 'sealed-';
const sealedId = (itemId: string): string => `${SEALED_PREFIX}${createHash('sha256').update(itemId).digest('hex').slice(0, 20)}`;

/** Item ids of the attachments filed SARs put in the outbox. */
function sarAttachmentIds(db: ReadableDB): Set<string> {
  const rows = db.sqlite.prepare<[], { id: string }>('SELECT attachment_item_id AS id FROM sar_filings WHERE attachment_item_id IS NOT NULL').all();
  return new Set(rows.map((r) => r.id));
}

interface ItemViews {
  readonly sealing: boolean;
  readonly view: (i: BundleItemRow) => ReturnType<typeof itemView>;
  readonly isSealed: (i: Pick<BundleItemRow, 'itemId' | 'type'>) => boolean;
}

function itemViewsFor(db: ReadableDB, ctx: HandlerContext): ItemViews {
  if (canSeeSars(actor(ctx).roles)) return { sealing: false, view: itemView, isSealed: () => false };
  const attachments = sarAttachmentIds(db);
  const isSealed = (i: Pick<BundleItemRow, 'itemId' | 'type'>): boolean => i.type === 'filed-report' || attachments.has(i.itemId);
  return {
    sealing: true,
    isSealed,
    view: (i) =>
      isSealed(i)
        ? { itemId: sealedId(i.itemId), bundleId: i.bundleId, direction: i.direction, type: SEALED_ITEM_TYPE, contentType: 'application/octet-stream', size: 0, sha256: i.sha256, status: i.status, module: 'Compliance', note: 'Sealed compliance item', createdAt: i.createdAt }
        : itemView(i),
  };
}

function sealedItemsOf(db: ReadableDB, bundleId: string, views: ItemViews): string[] {
  return db.sqlite
    .prepare<[string], { itemId: string; type: string }>('SELECT item_id AS itemId, type FROM bundle_items WHERE bundle_id = ?')
    .all(bundleId)
    .filter((row) => views.isSealed(row))
    .map((row) => row.itemId);
}

export function registerBundleHandlers(bus: Bus, console: ConsoleService, m: BundlesModule): void {
  const db = () => console.requireDb();

  bus.register('bundles.identity', () => {
    const party = consoleParty(console);
    return { consoleId: party.id, consoleName: party.name, fingerprint: groupFingerprint(party.keyFingerprint), fingerprintHex: party.keyFingerprint, publicKeyPem: spkiToPem(console.identity!.spki) };
  });

  bus.register('bundles.nodeKey.status', () => {
    const keys = m.nodeKeys.list(db());
    const active = keys.find((k) => k.status === 'active');
    const sealing = sealingKeyState(db());
    const encryptionKey = sealing.row
      ? { fingerprint: groupFingerprint(sealing.row.fingerprint), signingKeyFingerprint: groupFingerprint(sealing.row.signingKeyFingerprint), createdAt: sealing.row.createdAt, receivedAt: sealing.row.receivedAt }
      : null;
    return { active: active ? keyView(active) : null, keys: keys.map(keyView), rotations: listRotations(db(), 20).map((r) => rotationView(db(), r)), encryptionKey, sealingProblem: sealing.problem ?? null };
  });

  bus.register('bundles.nodeKey.pin', (input, ctx) => ({
    key: keyView(m.nodeKeys.pin(db(), { nodeId: input.nodeId, nodeName: input.nodeName, publicKey: input.publicKeyPem, confirmFingerprint: input.confirmFingerprint }, actor(ctx))),
  }));

  bus.register('bundles.nodeKey.revoke', (input, ctx) => ({ key: keyView(m.nodeKeys.revoke(db(), input.reason, actor(ctx))) }));

  bus.register('bundles.rotations.approve', (input, ctx) => {
    const { rotation, activated } = m.nodeKeys.approve(db(), input.rotationId, input.tokenPin, actor(ctx));
    return { rotation: rotationView(db(), rotation), activated };
  });

  bus.register('bundles.rotations.reject', (input, ctx) => ({ rotation: rotationView(db(), m.nodeKeys.reject(db(), input.rotationId, input.reason, actor(ctx))) }));

  bus.register('bundles.preview', async (input, ctx) => {
    const { source, fileName } = sourceOf(input.source, ctx);
    return m.importer.preview(db(), source, fileName, actor(ctx));
  });

  bus.register('bundles.import', async (input, ctx) => {
    const { source, fileName } = sourceOf(input.source, ctx);
    return m.importer.import(db(), source, fileName, input.expectedBundleHash, actor(ctx));
  });

  bus.register('bundles.list', (input) => ({ bundles: listBundles(db(), input.direction, input.limit, input.before).map(bundleView) }));

  bus.register('bundles.get', (input, ctx) => {
    const bundle = findBundle(db(), input.bundleId);
    if (!bundle) throw new VaultlineError('NOT_FOUND', `No bundle ${input.bundleId}.`);
    const views = itemViewsFor(db(), ctx);
    if (!views.sealing) return { bundle: bundleView(bundle), items: listItems(db(), bundle.id, input.limit, input.after).map(itemView), typeCounts: typeCountsOf(db(), bundle.id) };
    // A page may end on a sealed row: its alias is the cursor the window sends back.
    let after = input.after;
    if (after?.startsWith(SEALED_PREFIX)) {
      const alias = after;
      after = sealedItemsOf(db(), bundle.id, views).find((id) => sealedId(id) === alias);
      if (!after) throw new VaultlineError('VALIDATION', 'The page cursor is not an item of this bundle.', { issues: [{ path: 'after', message: 'not an item of this bundle' }] });
    }
    const counts = new Map<string, { type: string; status: string; count: number }>();
    for (const row of db().sqlite.prepare<[string], { itemId: string; type: string; status: string }>('SELECT item_id AS itemId, type, status FROM bundle_items WHERE bundle_id = ?').iterate(bundle.id)) {
      const type = views.isSealed(row) ? SEALED_ITEM_TYPE : row.type;
      const key = `${type}\u0000${row.status}`;
      const entry = counts.get(key) ?? { type, status: row.status, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
    const typeCounts = [...counts.values()].sort((a, b) => (a.type === b.type ? a.status.localeCompare(b.status) : a.type.localeCompare(b.type)));
    return { bundle: bundleView(bundle), items: listItems(db(), bundle.id, input.limit, after).map(views.view), typeCounts };
  });

  bus.register('bundles.outbox', (_input, ctx) => ({
    items: queuedItems(db()).map(itemViewsFor(db(), ctx).view),
    deferredInbound: countByStatus(db(), 'inbound')
      .filter((c) => c.status === 'deferred')
      .map((c) => ({ type: c.type, count: c.n, module: isItemTypeName(c.type) ? ITEM_TYPES[c.type].module : c.type })),
  }));

  bus.register('bundles.export', async (input, ctx) => {
    const { bundle, savedTo } = await m.exporter.export(db(), actor(ctx), input.folder, ctx.onSettled);
    return { bundle: bundleView(bundle), savedTo };
  });

  bus.register('bundles.save', (input) => m.exporter.save(db(), input.bundleId, input.folder));

  bus.register('bundles.file', async (input) => {
    const bytes = await m.exporter.bytes(db(), input.bundleId);
    return { fileName: findBundle(db(), input.bundleId)!.fileName, base64: bytes.toString('base64'), bytes: bytes.length };
  });

  bus.register('bundles.qr', async (input) => {
    const bytes = await m.exporter.bytes(db(), input.bundleId);
    const problem = tooLargeForQr(bytes.length) ?? null;
    const frames = problem ? undefined : encodeFrames(bytes, { fragmentSize: input.fragmentSize });
    return {
      fits: problem === null,
      problem,
      messageBytes: bytes.length,
      fragmentSize: input.fragmentSize,
      seqLength: frames?.seqLength ?? 0,
      framesPerSecond: QR_DEFAULTS.framesPerSecond,
      parts: frames ? [...frames.parts] : [],
    };
  });
}
