/**
 * Inbound bundle items the KYC module applies inside the import's transaction (all or nothing):
 *
 * - `kyc-submission`: the profile (a flat form record) creates or updates the customer's file, each
 *   document attachment goes into the vault, the customer is screened and scored, and the file waits
 *   in the review queue (pending review);
 * - `sanctions-list-update`: the list file (an attachment) is read by the importer of its format and
 *   stored as the list's new version — refused if malformed or not newer than the current one — hits
 *   on entries it dropped become history, and a re-screen of every customer, owner and known
 *   address is queued (it runs as a job once the import has committed, raising only new hits).
 *
 * Both read attachments, which may come after them in the bundle: they run once it is read whole.
 */
import { Readable } from 'node:stream';
import { VaultlineError } from '../errors';
import type { WritableDB } from '../db/database';
import { findItem, itemChunks } from '../db/bundles.repository';
import { findCustomer, updateCustomer, insertEvent } from '../db/kyc.repository';
import { findList } from '../db/screening.repository';
import type { ItemHandlerRegistry } from '../bundles/item-handlers';
import { canonicalJson } from '../../src-shared/canonical';
import type { Clock } from '../platform/clock';
import { parseSubmittedProfile } from './profile';
import type { KycService } from './kyc.service';
import { queueRescreen } from './rescreen.job';

/** An attachment of the bundle being imported: its declared type, size, first bytes and chunks. */
function attachment(db: WritableDB, bundleId: string, itemId: string): { contentType: string; size: number; chunks: Buffer[] } {
  const item = findItem(db, bundleId, itemId);
  if (!item || item.type !== 'attachment') throw new VaultlineError('VALIDATION', `Attachment ${itemId} is not in the bundle.`);
  return { contentType: item.contentType, size: item.size, chunks: itemChunks(db, item.id) };
}

const iterate = (chunks: readonly Buffer[]): AsyncIterable<Uint8Array> => Readable.from(chunks);

export function registerKycItemHandlers(registry: ItemHandlerRegistry, kyc: KycService, clock: Clock): void {
  registry.register({
    type: 'kyc-submission',
    module: 'KYC',
    afterAttachments: true,
    async apply({ db, manifest, createdBy }, s) {
      const profile = parseSubmittedProfile(s.customerType, s.profile);
      const source = { kind: 'bundle' as const, ref: `${manifest.bundleId}/${s.submissionId}` };
      const existed = findCustomer(db, s.customerId);
      const before = existed?.status ?? null;
      if (existed) kyc.update(db, s.customerId, profile, `KYC submission ${s.submissionId} from the online node`, createdBy, source);
      else await kyc.create(db, s.customerId, profile, createdBy, source);
      for (const [i, d] of s.documents.entries()) {
        const a = attachment(db, manifest.bundleId, d.attachmentId);
        try {
          await kyc.addDocument(db, s.customerId, { kind: d.kind, fileName: d.attachmentId, contentType: a.contentType, description: d.description, content: { size: a.size, head: a.chunks[0]?.subarray(0, 16) ?? new Uint8Array(), chunks: iterate(a.chunks) } }, createdBy, source);
        } catch (error) {
          if (error instanceof VaultlineError && error.code === 'VALIDATION') throw new VaultlineError('VALIDATION', `documents.${i} (${d.attachmentId}): ${error.message}`);
          throw error;
        }
      }
      // A submission always asks for a review, even when the profile did not change.
      const now = kyc.require(db, s.customerId);
      if (now.status !== 'pending_review') {
        updateCustomer(db, s.customerId, { status: 'pending_review', updatedAt: clock.now().toISOString() });
        insertEvent(db, { customerId: s.customerId, at: clock.now().toISOString(), actor: createdBy, kind: 'submission_received', statusBefore: now.status, statusAfter: 'pending_review', detail: canonicalJson({ submissionId: s.submissionId, submittedAt: s.submittedAt, source: `bundle:${source.ref}` }) });
      }
      const after = kyc.require(db, s.customerId);
      return `customer ${s.customerId} ${existed ? 'updated' : 'created'} (was ${before ?? 'new'}), ${s.documents.length} document(s); ${after.riskLevel ?? 'unscored'} risk, pending review`;
    },
  });

  registry.register({
    type: 'sanctions-list-update',
    module: 'Screening',
    afterAttachments: true,
    async apply({ db, manifest, line, createdBy }, u) {
      const a = attachment(db, manifest.bundleId, u.attachmentId);
      const imported = await kyc.screening.importVersion(db, {
        listId: u.listId,
        format: u.format,
        version: u.version,
        publishedAt: u.publishedAt,
        source: u.source,
        chunks: iterate(a.chunks),
        importedBy: createdBy,
        via: `bundle:${manifest.bundleId}/${line.id}`,
        // A list the console has not seen yet: PEP lists are pep-csv files (or say so in their id); the rest are sanctions lists.
        ...(findList(db, u.listId) ? {} : { kind: u.format === 'pep-csv' || u.listId.startsWith('pep') ? ('pep' as const) : ('sanctions' as const), name: `${u.source} (${u.listId})` }),
      });
      const delisted = kyc.applyDelistings(db, u.listId, imported, createdBy);
      // Everyone is re-screened after the import commits, as a job (rescreen.job.ts); a preview queues nothing.
      queueRescreen(db, u.listId, { full: false, reason: `version ${u.version} imported by bundle ${manifest.bundleId}`, by: createdBy, at: clock.now().toISOString() });
      return `${u.listId} version ${u.version}: ${imported.version.entryCount} entries (+${imported.added.length} ~${imported.changed.length} −${imported.removed.length}); ${delisted.delistedHits} hit(s) on delisted entries; re-screen of every customer and known address queued`;
    },
  });
}
