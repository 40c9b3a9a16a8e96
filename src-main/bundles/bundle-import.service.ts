/**
 * Import of inbound bundles (online node → console). `preview` runs the whole import — every
 * check, every handler — inside a savepoint that is rolled back, so what it reports is exactly
 * what an import would do; `import` runs it for real, all or nothing, inside the command's
 * transaction, and only for the bundle the operator previewed (its hash). On success the bundle is
 * recorded in the history and an acknowledgement waits in the outbox for the next export.
 */
import { basename } from 'node:path';
import { bundleFileName, groupFingerprint, type IndexLine, type Manifest } from '../../src-shared/bundles/bundle-format';
import { ITEM_TYPES, type ItemTypeName } from '../../src-shared/bundles/item-types';
import type { JsonItemType } from '../../src-shared/bundles/item-schemas';
import type { ErrorCode } from '../../src-shared/errors';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import { deferForeignKeys, dryRun, type ReadableDB, type WritableDB } from '../db/database';
import { bundleKnown, insertBundle, insertBytes, insertChunk, insertItem, lastBundle } from '../db/bundles.repository';
import type { SessionOperator } from '../services/sessions.service';
import { readBundle, type BundleSource, type Expectations, type KnownKey } from './bundle.reader';
import type { ItemHandlerRegistry } from './item-handlers';
import type { NodeKeysService } from './node-keys.service';
import type { OutboxService } from './outbox.service';
import type { Party } from '../../src-shared/bundles/bundle-format';

export interface TypeSummary {
  readonly type: ItemTypeName;
  readonly title: string;
  readonly count: number;
  readonly bytes: number;
  readonly applied: number;
  readonly deferred: number;
  readonly module: string;
}

export interface BundleHeader {
  readonly bundleId: string;
  readonly bundleHash: string;
  readonly sequence: number;
  readonly previousBundleHash: string;
  readonly createdAt: string;
  readonly sender: { readonly id: string; readonly name: string; readonly fingerprint: string };
  readonly recipient: { readonly id: string; readonly name: string; readonly fingerprint: string };
  readonly itemCount: number;
  readonly totalItemBytes: number;
  readonly fileBytes: number;
  readonly fileName: string;
}

export interface Preview {
  readonly acceptable: boolean;
  readonly refusal: { readonly code: ErrorCode; readonly message: string } | null;
  readonly bundle: BundleHeader | null;
  readonly expectedSequence: number;
  readonly types: TypeSummary[];
  readonly warnings: string[];
}

export interface ImportResult {
  readonly bundle: BundleHeader;
  readonly applied: number;
  readonly deferred: number;
  readonly types: TypeSummary[];
  readonly acknowledgementItemId: string;
}

interface Run {
  header: BundleHeader | null;
  manifest: Manifest | null;
  readonly types: Map<ItemTypeName, { count: number; bytes: number; applied: number; deferred: number; module: string }>;
  applied: number;
  deferred: number;
  unreferencedAttachments: number;
  acknowledgementItemId: string;
}

/** A bundle created this long after the console's clock, or this long before, is worth a word. */
const FUTURE_SKEW_MS = 10 * 60 * 1000;
const STALE_MS = 7 * 24 * 3600 * 1000;

export class BundleImportService {
  constructor(
    private readonly clock: Clock,
    private readonly console: () => Party,
    private readonly nodeKeys: NodeKeysService,
    private readonly handlers: ItemHandlerRegistry,
    private readonly outbox: OutboxService,
  ) {}

  expectations(db: ReadableDB): Expectations {
    const me = this.console();
    const last = lastBundle(db, 'inbound');
    return {
      direction: 'inbound',
      recipient: { id: me.id, keyFingerprints: [me.keyFingerprint] },
      keys: this.nodeKeys.knownKeys(db),
      chain: { lastSequence: last?.sequence ?? 0, lastHash: last?.bundleHash ?? '', isKnown: (hash, id) => bundleKnown(db, hash, id) },
    };
  }

  /** Everything an import would do, then rolled back. A refusal is reported, not thrown. */
  async preview(db: WritableDB, source: BundleSource, fileName: string | undefined, operator: SessionOperator): Promise<Preview> {
    const expectedSequence = (lastBundle(db, 'inbound')?.sequence ?? 0) + 1;
    const run = this.newRun();
    let refusal: Preview['refusal'] = null;
    try {
      await dryRun(db, () => this.run(db, source, fileName, operator, run, undefined));
    } catch (error) {
      if (!(error instanceof VaultlineError) || error.code === 'INTERNAL') throw error;
      refusal = { code: error.code, message: error.message };
    }
    return { acceptable: refusal === null, refusal, bundle: run.header, expectedSequence, types: summarise(run), warnings: refusal ? [] : this.warnings(run) };
  }

  /** Import for real: only the bundle whose hash the operator previewed. All or nothing. */
  async import(db: WritableDB, source: BundleSource, fileName: string | undefined, expectedBundleHash: string, operator: SessionOperator): Promise<ImportResult> {
    const run = this.newRun();
    await this.run(db, source, fileName, operator, run, expectedBundleHash);
    return { bundle: run.header!, applied: run.applied, deferred: run.deferred, types: summarise(run), acknowledgementItemId: run.acknowledgementItemId };
  }

  private newRun(): Run {
    return { header: null, manifest: null, types: new Map(), applied: 0, deferred: 0, unreferencedAttachments: 0, acknowledgementItemId: '' };
  }

  private async run(db: WritableDB, source: BundleSource, fileName: string | undefined, operator: SessionOperator, run: Run, expectedBundleHash: string | undefined): Promise<void> {
    // Items are written before the bundle's own record (its counts are known only at the end).
    deferForeignKeys(db);
    const now = this.clock.now().toISOString();
    let signer: KnownKey | undefined;
    let bundleHash = '';
    let attachmentRow: { id: string; row: number } | undefined;
    const count = (line: IndexLine, status: 'applied' | 'deferred', module: string): void => {
      const t = run.types.get(line.type) ?? { count: 0, bytes: 0, applied: 0, deferred: 0, module };
      t.count += 1;
      t.bytes += line.size;
      t[status] += 1;
      run.types.set(line.type, t);
      run[status] += 1;
    };
    const storeItem = (line: IndexLine, status: 'applied' | 'deferred', module: string, note: string | null): number =>
      insertItem(db, { bundleId: run.manifest!.bundleId, direction: 'inbound', itemId: line.id, type: line.type, contentType: line.contentType, size: line.size, sha256: line.sha256, status, module, note, createdAt: now });

    const waiting: { line: IndexLine; payload: unknown; bytes: Buffer }[] = [];
    const applyItem = async (line: IndexLine, payload: unknown, bytes: Buffer): Promise<void> => {
      const applied = await this.handlers.apply(
        { db, manifest: run.manifest!, bundleHash, signer: signer!, line, createdBy: `operator:${operator.username} (bundle ${run.manifest!.bundleId})` },
        line.type as JsonItemType,
        payload,
      );
      insertBytes(db, storeItem(line, applied.status, applied.module, applied.note), bytes);
      count(line, applied.status, applied.module);
    };

    const verified = await readBundle(source, this.expectations(db), {
      manifest: ({ manifest, bundleHash: hash, signer: key, fileBytes }) => {
        if (expectedBundleHash !== undefined && hash !== expectedBundleHash) {
          throw new VaultlineError('CONFLICT', `This is not the bundle that was previewed (its hash is ${hash.slice(0, 16)}…, the preview’s ${expectedBundleHash.slice(0, 16)}…): preview it again. Nothing was imported.`);
        }
        run.manifest = manifest;
        signer = key;
        bundleHash = hash;
        run.header = header(manifest, hash, fileBytes, fileName ?? (source.kind === 'file' ? basename(source.path) : bundleFileName(manifest)));
      },
      attachmentChunk: (line, chunk, index) => {
        if (index === 0) attachmentRow = { id: line.id, row: storeItem(line, 'deferred', ITEM_TYPES.attachment.module, null) };
        insertChunk(db, attachmentRow!.row, index, chunk);
      },
      item: async (line, body) => {
        if (body.kind === 'attachment') {
          if (attachmentRow?.id !== line.id) insertBytes(db, storeItem(line, 'deferred', ITEM_TYPES.attachment.module, null), Buffer.alloc(0));
          attachmentRow = undefined;
          count(line, 'deferred', ITEM_TYPES.attachment.module);
          return;
        }
        if (this.handlers.waitsForAttachments(line.type)) {
          waiting.push({ line, payload: body.payload, bytes: body.bytes });
          return;
        }
        await applyItem(line, body.payload, body.bytes);
      },
    });
    // Items that read attachments run once every attachment of the bundle is stored.
    for (const w of waiting) await applyItem(w.line, w.payload, w.bytes);
    run.unreferencedAttachments = verified.attachmentsUnreferenced;
    const m = verified.manifest;
    insertBundle(db, {
      id: m.bundleId,
      direction: 'inbound',
      sequence: m.sequence,
      bundleHash: verified.bundleHash,
      previousHash: m.previousBundleHash,
      senderId: m.sender.id,
      senderName: m.sender.name,
      senderFingerprint: m.sender.keyFingerprint,
      recipientId: m.recipient.id,
      recipientFingerprint: m.recipient.keyFingerprint,
      createdAt: m.createdAt,
      recordedAt: now,
      operatorId: operator.id,
      itemCount: m.itemCount,
      totalItemBytes: m.totalItemBytes,
      applied: run.applied,
      deferred: run.deferred,
      fileName: run.header!.fileName,
      fileBytes: verified.fileBytes,
      manifest: verified.manifestBytes.toString('utf8'),
      signature: verified.signature.toString('base64'),
      indexSha256: m.index.sha256,
    });
    const ack = this.outbox.queue(db, 'acknowledgement', {
      bundleId: m.bundleId,
      bundleHash: verified.bundleHash,
      sequence: m.sequence,
      importedAt: now,
      itemCount: m.itemCount,
      applied: run.applied,
      deferred: run.deferred,
    }, `ack-${String(m.sequence).padStart(6, '0')}-${m.bundleId.slice(0, 8)}`);
    run.acknowledgementItemId = ack.itemId;
  }

  private warnings(run: Run): string[] {
    const out: string[] = [];
    const m = run.manifest;
    if (!m) return out;
    const now = this.clock.now().getTime();
    const created = new Date(m.createdAt).getTime();
    if (created - now > FUTURE_SKEW_MS) out.push(`Created ${m.createdAt}, which is in the future by this console’s clock: check both clocks.`);
    if (now - created > STALE_MS) out.push(`Created ${m.createdAt}, more than a week ago.`);
    if (m.sequence === 1) out.push('This is the first bundle from the online node.');
    const deferred = [...run.types.entries()].filter(([type, t]) => t.deferred > 0 && type !== 'attachment');
    if (deferred.length > 0) out.push(`${deferred.reduce((n, [, t]) => n + t.deferred, 0)} items wait for modules not built yet (${deferred.map(([type, t]) => `${ITEM_TYPES[type].title}: ${t.module}`).join('; ')}); they are kept and shown as deferred.`);
    if (run.types.has('key-rotation')) out.push('This bundle announces a new online-node key. It takes effect only after two officers approve it with their own tokens.');
    if (run.unreferencedAttachments > 0) out.push(`${run.unreferencedAttachments} attachment(s) are not referenced by any item.`);
    if (m.itemCount === 0) out.push('The bundle holds no items.');
    return out;
  }
}

function header(m: Manifest, bundleHash: string, fileBytes: number, fileName: string): BundleHeader {
  return {
    bundleId: m.bundleId,
    bundleHash,
    sequence: m.sequence,
    previousBundleHash: m.previousBundleHash,
    createdAt: m.createdAt,
    sender: { id: m.sender.id, name: m.sender.name, fingerprint: groupFingerprint(m.sender.keyFingerprint) },
    recipient: { id: m.recipient.id, name: m.recipient.name, fingerprint: groupFingerprint(m.recipient.keyFingerprint) },
    itemCount: m.itemCount,
    totalItemBytes: m.totalItemBytes,
    fileBytes,
    fileName: fileName.slice(0, 200),
  };
}

function summarise(run: Run): TypeSummary[] {
  return [...run.types.entries()]
    .map(([type, t]) => ({ type, title: ITEM_TYPES[type].title, count: t.count, bytes: t.bytes, applied: t.applied, deferred: t.deferred, module: t.module }))
    .sort((a, b) => a.type.localeCompare(b.type));
}

