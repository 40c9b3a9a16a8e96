/**
 * Outbound items waiting for the next export: acknowledgements of imported bundles, signed
 * transactions, address pools, filed reports and their documents. Each is validated against its
 * type's schema and stored in canonical form when queued. Filed reports and attachments
 * (SEALED_TYPES) never leave in clear: queuing one refuses unless the online node's encryption key
 * is known, and the export seals it to that key (bundle-export.service.ts, sealing.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { ITEM_SCHEMAS, type ItemPayload, type JsonItemType } from '../../src-shared/bundles/item-schemas';
import { ITEM_TYPES } from '../../src-shared/bundles/item-types';
import type { ContentType } from '../../src-shared/bundles/bundle-format';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { WritableDB } from '../db/database';
import { insertBytes, insertItem } from '../db/bundles.repository';
import { canonicalBytes } from './canonical-json';
import { requireSealingKey } from './node-encryption-keys';
import { SEALED_TYPES } from './sealing';

export interface Queued {
  readonly row: number;
  readonly itemId: string;
}

export class OutboxService {
  constructor(private readonly clock: Clock) {}

  /** Queue a JSON item for the online node. `itemId` defaults to `<type>-<random>` (`sealed-<random>` for SEALED_TYPES). */
  queue<T extends JsonItemType>(db: WritableDB, type: T, payload: ItemPayload<T>, itemId?: string): Queued {
    const spec = ITEM_TYPES[type];
    if (!spec.directions.includes('outbound')) throw new VaultlineError('VALIDATION', `Items of type ${type} do not travel to the online node.`);
    const checked = ITEM_SCHEMAS[type].safeParse(payload);
    if (!checked.success) throw new VaultlineError('INTERNAL', `An outbound ${type} item does not match its schema.`, { detail: JSON.stringify(checked.error.issues) });
    return this.queueBytes(db, type, 'application/json', canonicalBytes(checked.data), itemId);
  }

  /** Queue opaque bytes (an attachment: a report PDF, a goAML XML file). */
  queueBytes(db: WritableDB, type: JsonItemType | 'attachment', contentType: ContentType, bytes: Buffer, itemId?: string): Queued {
    const spec = ITEM_TYPES[type];
    if (bytes.length > spec.maxBytes) throw new VaultlineError('VALIDATION', `The ${type} item is ${bytes.length} bytes; its limit is ${spec.maxBytes}.`);
    // Sealed at export, when the bundle id it is bound to exists; refused now if it could not be.
    if (SEALED_TYPES.includes(type)) requireSealingKey(db);
    // A sealed item's id travels in clear (ZIP entry, index): it must not say what it holds.
    const id = itemId ?? `${SEALED_TYPES.includes(type) ? 'sealed' : type}-${randomBytes(8).toString('hex')}`;
    const row = insertItem(db, {
      bundleId: null,
      direction: 'outbound',
      itemId: id,
      type,
      contentType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      status: 'queued',
      module: spec.module,
      note: null,
      createdAt: this.clock.now().toISOString(),
    });
    insertBytes(db, row, bytes);
    return { row, itemId: id };
  }
}
