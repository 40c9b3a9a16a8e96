/**
 * The record vault (FATF R11 record keeping). Records are sealed chunk by chunk under their own
 * data key, generated in the HSM and kept only wrapped by the HSM vault key; every read is logged
 * with who, when and why, and checked: a record that fails its checks raises an integrity alert
 * and an error, never data. Nothing is deleted before its retention date or under legal hold;
 * after it, a sweep crypto-shreds the record and leaves a tombstone.
 */
import { createHash, randomBytes } from 'node:crypto';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import { connectionCache, type ReadableDB, type WritableDB } from '../db/database';
import { getMeta, setMeta } from '../db/meta.repository';
import {
  dueForShredding,
  findRecord,
  insertAlert,
  insertChunk,
  insertRecord,
  insertTerms,
  listRecords,
  logAccess,
  readChunk,
  recordRelationshipEnd,
  relationshipEnd,
  setLegalHold,
  setRetentionUntil,
  shredRecord,
  completeRecord,
  type RecordRow,
  type RecordSubject,
  type RecordType,
} from '../db/vault.repository';
import { VAULT_KEY_LABEL } from '../hsm/custody.keystore';
import type { ConsoleService } from '../services/console.service';
import { CHUNK_SIZE, openChunk, sealChunk } from './record-cipher';
import { addYears, retentionFor } from './retention';
import { toTerms, type SearchTerms } from './search-terms';

export const MAX_RECORD_BYTES = 25 * 1024 * 1024;

export interface NewRecord {
  readonly type: RecordType;
  readonly subjectType: RecordSubject;
  readonly subjectId: string;
  readonly title: string;
  readonly contentType: string;
  readonly jurisdiction?: string | undefined;
  readonly terms?: SearchTerms | undefined;
}

/** Who reads, and why (the access log records both). */
export interface Reader {
  readonly operatorId: string | null;
  readonly username: string | null;
  readonly purpose: string;
  readonly kind: 'content' | 'search' | 'export';
}

/** Writes that must survive the failure of the command they happen in (the bus's ctx.onFailure). */
export type FailureSink = (write: (db: WritableDB) => void) => void;

async function* chunksOf(content: Uint8Array | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (content instanceof Uint8Array) {
    yield content;
    return;
  }
  yield* content;
}

export class VaultService {
  constructor(
    private readonly clock: Clock,
    private readonly console: ConsoleService,
  ) {}

  /** The HSM key that wraps record keys: made in the custody token on first use. */
  private vaultKeyId(db: WritableDB): string {
    const cache = connectionCache<string>(db, 'vault-kek');
    const known = cache.get('id') ?? getMeta(db, 'vault_kek_id');
    if (known) {
      cache.set('id', known);
      return known;
    }
    const id = this.console.custody().ensureWrappingKey(VAULT_KEY_LABEL);
    setMeta(db, 'vault_kek_id', id);
    return id;
  }

  /** Seal and store a record, streaming its content (at most 25 MB). */
  async put(db: WritableDB, input: NewRecord, content: Uint8Array | AsyncIterable<Uint8Array>, createdBy: string): Promise<RecordRow> {
    const keyId = this.vaultKeyId(db);
    const id = `rec_${randomBytes(10).toString('hex')}`;
    const prefix = randomBytes(8);
    const createdAt = this.clock.now().toISOString();
    const retention = retentionFor(input.type, input.jurisdiction);
    const retentionUntil = this.retentionUntil(db, input, retention.basis, retention.years, createdAt);
    const { wrapped, value: key } = this.console.custody().newSecretAndWrapped(VAULT_KEY_LABEL, keyId);
    // The row first (chunks refer to it); size, checksum and chunk count once the content is sealed.
    const row: RecordRow = {
      id,
      type: input.type,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      title: input.title,
      contentType: input.contentType,
      size: 0,
      sha256: '',
      chunkSize: CHUNK_SIZE,
      chunkCount: 0,
      wrappedKey: wrapped,
      keyId,
      noncePrefix: prefix,
      jurisdiction: retention.jurisdiction,
      retentionBasis: retention.basis,
      retentionYears: retention.years,
      retentionUntil,
      legalHold: false,
      legalHoldReason: null,
      legalHoldBy: null,
      legalHoldAt: null,
      createdAt,
      createdBy,
      shreddedAt: null,
      shreddedBy: null,
    };
    const hash = createHash('sha256');
    let size = 0;
    let index = 0;
    let pending = Buffer.alloc(0);
    try {
      insertRecord(db, row);
      // Hold back one chunk so that the last one can be sealed as final.
      for await (const piece of chunksOf(content)) {
        size += piece.length;
        if (size > MAX_RECORD_BYTES) throw new VaultlineError('VALIDATION', `A record may hold at most ${MAX_RECORD_BYTES / 1024 / 1024} MB.`, { issues: [{ path: 'content', message: 'exceeds 25 MB' }] });
        hash.update(piece);
        pending = pending.length === 0 ? Buffer.from(piece) : Buffer.concat([pending, piece]);
        while (pending.length > CHUNK_SIZE) {
          insertChunk(db, id, index, sealChunk(key, prefix, id, index, false, pending.subarray(0, CHUNK_SIZE)));
          pending = pending.subarray(CHUNK_SIZE);
          index += 1;
        }
      }
      insertChunk(db, id, index, sealChunk(key, prefix, id, index, true, pending));
    } finally {
      key.fill(0);
    }
    const sha256 = hash.digest('hex');
    completeRecord(db, id, size, sha256, index + 1);
    insertTerms(db, id, toTerms(input.terms ?? {}));
    return { ...row, size, sha256, chunkCount: index + 1 };
  }

  /**
   * When a new record may be shredded: `years` after its creation, or after the end of the
   * customer relationship (null while the relationship continues).
   */
  private retentionUntil(db: ReadableDB, input: NewRecord, basis: 'creation' | 'relationship_end', years: number, createdAt: string): string | null {
    if (basis === 'creation' || input.subjectType !== 'customer') return addYears(createdAt, years);
    const ended = relationshipEnd(db, input.subjectId);
    return ended ? addYears(ended > createdAt ? ended : createdAt, years) : null;
  }

  require(db: ReadableDB, id: string): RecordRow {
    const row = findRecord(db, id);
    if (!row) throw new VaultlineError('NOT_FOUND', `No record ${id}.`);
    return row;
  }

  /**
   * The record's content, chunk by chunk, each checked before it is released; the whole is checked
   * against its sha256 at the end. The read is logged first. On any failure: an integrity alert
   * and a failed access entry (kept even though the command fails), then INTEGRITY_FAILURE.
   */
  *read(db: WritableDB, id: string, reader: Reader, onFailure: FailureSink): Generator<Buffer> {
    const row = this.require(db, id);
    if (row.shreddedAt || !row.wrappedKey) throw new VaultlineError('NOT_FOUND', `Record ${id} was shredded on ${row.shreddedAt ?? 'an unknown date'} at the end of its retention period; only its tombstone remains.`);
    const at = this.clock.now().toISOString();
    const access = { recordId: id, at, operatorId: reader.operatorId, operatorUsername: reader.username, kind: reader.kind, purpose: reader.purpose };
    const fail = (problem: string): never => {
      onFailure((w) => {
        logAccess(w, { ...access, outcome: 'integrity_failure' });
        insertAlert(w, { id: `ia_${randomBytes(8).toString('hex')}`, kind: 'record_integrity', subject: id, detail: problem, raisedAt: at, acknowledgedAt: null, acknowledgedBy: null });
      });
      throw new VaultlineError('INTEGRITY_FAILURE', `Record ${id} failed its integrity check (${problem}); no content was returned and an integrity alert was raised.`);
    };
    logAccess(db, { ...access, outcome: 'ok' });
    let key: Buffer;
    try {
      key = this.console.custody().unwrapSecretWith(VAULT_KEY_LABEL, row.keyId, row.wrappedKey);
    } catch {
      return fail('its data key does not unwrap');
    }
    const hash = createHash('sha256');
    let size = 0;
    try {
      for (let index = 0; index < row.chunkCount; index++) {
        const sealed = readChunk(db, id, index);
        if (!sealed) return fail(`chunk ${index} is missing`);
        let plain: Buffer;
        try {
          plain = openChunk(key, row.noncePrefix, id, index, index === row.chunkCount - 1, sealed);
        } catch {
          return fail(`chunk ${index} was altered`);
        }
        hash.update(plain);
        size += plain.length;
        // The checksum can only be known at the end: hold the last chunk back until it is.
        if (index === row.chunkCount - 1) {
          if (size !== row.size || hash.digest('hex') !== row.sha256) return fail('its content does not match its checksum');
        }
        yield plain;
      }
    } finally {
      key.fill(0);
    }
  }

  readAll(db: WritableDB, id: string, reader: Reader, onFailure: FailureSink): Buffer {
    return Buffer.concat([...this.read(db, id, reader, onFailure)]);
  }

  setLegalHold(db: WritableDB, id: string, hold: boolean, reason: string, by: string): RecordRow {
    const row = this.require(db, id);
    if (row.shreddedAt) throw new VaultlineError('CONFLICT', `Record ${id} was already shredded.`);
    setLegalHold(db, id, hold, reason, by, this.clock.now().toISOString());
    return this.require(db, id);
  }

  /** The customer relationship ended: relationship-based records now run out `years` after it. */
  endRelationship(db: WritableDB, customerId: string, endedAt: string, by: string): number {
    if (endedAt > this.clock.now().toISOString()) throw new VaultlineError('VALIDATION', 'A relationship cannot end in the future.', { issues: [{ path: 'endedAt', message: 'is in the future' }] });
    recordRelationshipEnd(db, customerId, endedAt, by);
    let updated = 0;
    for (const r of listRecords(db, { subjectType: 'customer', subjectId: customerId }, 1_000_000)) {
      if (r.retentionBasis !== 'relationship_end' || r.shreddedAt) continue;
      setRetentionUntil(db, r.id, addYears(endedAt > r.createdAt ? endedAt : r.createdAt, r.retentionYears));
      updated += 1;
    }
    return updated;
  }

  /** Crypto-shred every record past its retention date and not under legal hold. */
  sweep(db: WritableDB, by: string): RecordRow[] {
    const now = this.clock.now().toISOString();
    const due = dueForShredding(db, now, 10_000);
    for (const r of due) shredRecord(db, r.id, now, by);
    return due;
  }
}
