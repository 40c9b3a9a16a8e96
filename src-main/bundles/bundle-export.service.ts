/**
 * Export of outbound bundles (console → online node): every queued outbox item goes into one
 * bundle, addressed to the pinned online node, numbered next in the outbound direction, chained to
 * the previous outbound bundle and signed by the console identity key in the custody token. The
 * bundle is recorded (manifest, signature, items marked sent) and, when a folder is given, written
 * there atomically. Its file can be written again later, or shown as animated QR: the ZIP is
 * rebuilt from the recorded manifest, signature and item bytes, so nothing sits unencrypted in the
 * data directory.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { bundleFileName, ENTRY_INDEX, GENESIS_BUNDLE_HASH, type ContentType, type IndexLine, type Party } from '../../src-shared/bundles/bundle-format';
import type { ItemTypeName } from '../../src-shared/bundles/item-types';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import { isFolder } from '../platform/files';
import type { ReadableDB, WritableDB } from '../db/database';
import { activeNodeKey, findBundle, insertBundle, itemBytes, itemChunks, lastBundle, listItems, markSent, queuedItems, type BundleItemRow, type BundleRow } from '../db/bundles.repository';
import type { SessionOperator } from '../services/sessions.service';
import { buildManifest, bundleBytes, writeBundleFile, zipStream, type BuiltManifest, type OutgoingItem } from './bundle.writer';
import { canonicalBytes } from './canonical-json';
import type { BundleSigner } from './bundle-keys';
import { sha256Hex } from './bundle-keys';
import { requireSealingKey, sealedChunks, storeSealed } from './node-encryption-keys';
import { SEALED_TYPES, sealItem } from './sealing';

/** How the export learns whether its record committed (the bus's per-call onSettled). */
export type SettleHooks = (hooks: { committed?: () => void; rolledBack?: () => void }) => void;

export interface Exported {
  readonly bundle: BundleRow;
  readonly savedTo: { readonly path: string; readonly bytes: number } | null;
}

function outgoing(db: ReadableDB, row: BundleItemRow): OutgoingItem {
  if (row.sealedTo !== null) {
    // The bundle carries the envelope; the row's own type, size and hash describe the plaintext.
    return { id: row.itemId, type: 'sealed', contentType: 'application/octet-stream', size: row.sealedSize!, sha256: row.sealedSha256!, body: () => Readable.from(sealedChunks(db, row.id)) };
  }
  return {
    id: row.itemId,
    type: row.type as ItemTypeName,
    contentType: row.contentType as ContentType,
    size: row.size,
    sha256: row.sha256,
    body: () => Readable.from(itemChunks(db, row.id)),
  };
}

export class BundleExportService {
  constructor(
    private readonly clock: Clock,
    private readonly console: () => Party,
    private readonly signer: () => BundleSigner,
  ) {}

  /**
   * Collect the outbox into one signed bundle and record it; write it to `folder` if given. The
   * file is staged under a name no reader takes for a bundle and moved to its real name only once
   * the record has committed; a rollback deletes it. A signed bundle file therefore never exists
   * without its record (a crash before the commit leaves at most a `.partial` file; one after
   * leaves a record whose file can be written again with bundles.save).
   */
  async export(db: WritableDB, operator: SessionOperator, folder: string | undefined, onSettled: SettleHooks): Promise<Exported> {
    const node = activeNodeKey(db);
    if (!node) throw new VaultlineError('CONFLICT', 'No online-node key is pinned: run the key ceremony before exporting.');
    const queued = queuedItems(db);
    if (queued.length === 0) throw new VaultlineError('CONFLICT', 'Nothing is waiting to be sent to the online node.');
    if (folder !== undefined) checkFolder(folder);
    const bundleId = randomUUID();
    const items = await this.seal(db, bundleId, queued);
    const last = lastBundle(db, 'outbound');
    const built = await buildManifest(
      {
        bundleId,
        direction: 'outbound',
        sender: this.console(),
        recipient: { kind: 'online-node', id: node.nodeId, name: node.nodeName, keyFingerprint: node.fingerprint },
        sequence: (last?.sequence ?? 0) + 1,
        previousBundleHash: last?.bundleHash ?? GENESIS_BUNDLE_HASH,
        createdAt: this.clock.now().toISOString(),
      },
      items.map((row) => outgoing(db, row)),
      this.signer(),
    );
    const m = built.manifest;
    const fileName = bundleFileName(m);
    const savedTo = folder !== undefined ? await this.stage(built, folder, fileName, onSettled) : null;
    const row: BundleRow = {
      id: m.bundleId,
      direction: 'outbound',
      sequence: m.sequence,
      bundleHash: built.bundleHash,
      previousHash: m.previousBundleHash,
      senderId: m.sender.id,
      senderName: m.sender.name,
      senderFingerprint: m.sender.keyFingerprint,
      recipientId: m.recipient.id,
      recipientFingerprint: m.recipient.keyFingerprint,
      createdAt: m.createdAt,
      recordedAt: this.clock.now().toISOString(),
      operatorId: operator.id,
      itemCount: m.itemCount,
      totalItemBytes: m.totalItemBytes,
      applied: 0,
      deferred: 0,
      fileName,
      fileBytes: savedTo?.bytes ?? (await this.size(built)),
      manifest: built.manifestBytes.toString('utf8'),
      signature: built.signature.toString('base64'),
      indexSha256: m.index.sha256,
    };
    insertBundle(db, row);
    markSent(db, queued.map((q) => q.id), m.bundleId);
    return { bundle: row, savedTo };
  }

  /**
   * Seal the queued filed reports and attachments to the node's current encryption key, bound to
   * this bundle id and their item ids; the envelopes are stored (so a second copy of the bundle is
   * the same file) and the rows come back with their sealed_* columns set. No key, no bundle.
   */
  private async seal(db: WritableDB, bundleId: string, queued: BundleItemRow[]): Promise<BundleItemRow[]> {
    const toSeal = queued.filter((row) => SEALED_TYPES.includes(row.type as ItemTypeName));
    if (toSeal.length === 0) return queued;
    const key = requireSealingKey(db);
    const sealed = new Map<number, BundleItemRow>();
    for (const row of toSeal) {
      if (row.sealedTo !== null) throw new VaultlineError('INTERNAL', `Queued item ${row.itemId} is sealed already.`);
      const envelope = await sealItem(key, { bundleId, itemId: row.itemId }, { type: row.type as ItemTypeName, contentType: row.contentType as ContentType, bytes: itemBytes(db, row.id) });
      const sha256 = sha256Hex(envelope);
      storeSealed(db, row.id, key.fingerprint, envelope, sha256);
      sealed.set(row.id, { ...row, sealedTo: key.fingerprint, sealedSize: envelope.length, sealedSha256: sha256 });
    }
    return queued.map((row) => sealed.get(row.id) ?? row);
  }

  /** A recorded outbound bundle, rebuilt byte for byte in its signed parts from the database. */
  rebuild(db: ReadableDB, bundleId: string): BuiltManifest {
    const row = findBundle(db, bundleId);
    if (!row || row.direction !== 'outbound') throw new VaultlineError('NOT_FOUND', `No outbound bundle ${bundleId}.`);
    const rows: BundleItemRow[] = [];
    for (let page = listItems(db, bundleId, 1000); page.length > 0; page = listItems(db, bundleId, 1000, page[page.length - 1]!.itemId)) rows.push(...page);
    const items = rows.map((r) => outgoing(db, r));
    const index = Buffer.concat(items.flatMap((i) => [canonicalBytes({ id: i.id, type: i.type, size: i.size, sha256: i.sha256, contentType: i.contentType } satisfies IndexLine), Buffer.from('\n')]));
    if (sha256Hex(index) !== row.indexSha256) throw new VaultlineError('INTEGRITY_FAILURE', `The recorded items of bundle ${bundleId} no longer match its signed ${ENTRY_INDEX}.`);
    const manifestBytes = Buffer.from(row.manifest, 'utf8');
    return { manifest: JSON.parse(row.manifest) as BuiltManifest['manifest'], manifestBytes, signature: Buffer.from(row.signature, 'base64'), bundleHash: row.bundleHash, indexBytes: index, items };
  }

  /** Write a recorded outbound bundle to a folder (a second USB stick, a lost copy). */
  async save(db: ReadableDB, bundleId: string, folder: string): Promise<{ path: string; bytes: number }> {
    checkFolder(folder);
    const built = this.rebuild(db, bundleId);
    return this.write(built, folder, bundleFileName(built.manifest));
  }

  async bytes(db: ReadableDB, bundleId: string): Promise<Buffer> {
    return bundleBytes(this.rebuild(db, bundleId));
  }

  private async stage(built: BuiltManifest, folder: string, fileName: string, onSettled: SettleHooks): Promise<{ path: string; bytes: number }> {
    const path = join(resolve(folder), fileName);
    if (existsSync(path)) throw new VaultlineError('CONFLICT', `${path} exists already; nothing was overwritten.`);
    const staged = await this.write(built, folder, `${fileName}${STAGED_SUFFIX}`);
    onSettled({
      committed: () => renameSync(staged.path, path),
      rolledBack: () => rmSync(staged.path, { force: true }),
    });
    return { path, bytes: staged.bytes };
  }

  private async write(built: BuiltManifest, folder: string, fileName: string): Promise<{ path: string; bytes: number }> {
    const path = join(resolve(folder), fileName);
    if (existsSync(path)) throw new VaultlineError('CONFLICT', `${path} exists already; nothing was overwritten.`);
    try {
      return { path, bytes: await writeBundleFile(built, path) };
    } catch (error) {
      throw new VaultlineError('IO', `The bundle could not be written to ${folder}: ${error instanceof Error ? error.message : String(error)}. Nothing was exported.`, { cause: error });
    }
  }

  private async size(built: BuiltManifest): Promise<number> {
    let n = 0;
    for await (const chunk of zipStream(built)) n += (chunk as Buffer).length;
    return n;
  }
}

/** A bundle file waiting for its record to commit; readers never take it for a bundle. */
const STAGED_SUFFIX = '.partial';

function checkFolder(folder: string): void {
  if (!isFolder(folder)) throw new VaultlineError('VALIDATION', `${folder} is not a folder that can be written to.`, { issues: [{ path: 'folder', message: 'is not an existing folder' }] });
}
