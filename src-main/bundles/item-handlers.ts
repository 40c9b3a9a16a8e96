/**
 * The importer's handlers, one per item type. A type whose module exists is applied inside the
 * import's transaction (its service is called directly); any other type is kept, validated and
 * stored, as "deferred" until its module is built, which then takes the waiting items from
 * bundle_items. Adding a module means registering its handler here, not editing the importer.
 */
import type { IndexLine, Manifest } from '../../src-shared/bundles/bundle-format';
import type { ItemPayload, JsonItemType } from '../../src-shared/bundles/item-schemas';
import { ITEM_TYPES, type ItemTypeName } from '../../src-shared/bundles/item-types';
import { VaultlineError } from '../errors';
import type { WritableDB } from '../db/database';
import type { KnownKey } from './bundle.reader';
import { refuse } from './bundle-refusal';

export interface ItemApplyContext {
  readonly db: WritableDB;
  readonly manifest: Manifest;
  readonly bundleHash: string;
  readonly signer: KnownKey;
  readonly line: IndexLine;
  /** What ledger entries record as their author: the importing operator, via this bundle. */
  readonly createdBy: string;
}

export interface ItemHandler<T extends JsonItemType = JsonItemType> {
  readonly type: T;
  /** The module that applies it, as people see it. */
  readonly module: string;
  /**
   * Apply only once every item of the bundle has been read: for items that read attachments of the
   * same bundle, whose ids may sort after their own (items travel in id order).
   */
  readonly afterAttachments?: boolean;
  /** Apply the item; returns a short note for the bundle history (or nothing). */
  apply(ctx: ItemApplyContext, payload: ItemPayload<T>): string | undefined | Promise<string | undefined>;
}

export type Disposition = { readonly status: 'applied' | 'deferred'; readonly module: string };

export interface Applied {
  readonly status: 'applied' | 'deferred';
  readonly module: string;
  readonly note: string | null;
}

export class ItemHandlerRegistry {
  readonly #handlers = new Map<ItemTypeName, ItemHandler>();

  register<T extends JsonItemType>(handler: ItemHandler<T>): void {
    if (this.#handlers.has(handler.type)) throw new Error(`a handler for ${handler.type} is registered twice`);
    this.#handlers.set(handler.type, handler);
  }

  /** Applied now, or kept for the module named in item-types.ts. */
  disposition(type: ItemTypeName): Disposition {
    const handler = this.#handlers.get(type);
    return handler ? { status: 'applied', module: handler.module } : { status: 'deferred', module: ITEM_TYPES[type].module };
  }

  /** Whether items of this type wait until the whole bundle is read (see ItemHandler.afterAttachments). */
  waitsForAttachments(type: ItemTypeName): boolean {
    return this.#handlers.get(type)?.afterAttachments === true;
  }

  async apply(ctx: ItemApplyContext, type: JsonItemType, payload: unknown): Promise<Applied> {
    const handler = this.#handlers.get(type);
    if (!handler) return { status: 'deferred', module: ITEM_TYPES[type].module, note: 'waiting for its module' };
    try {
      const note = await handler.apply(ctx, payload as never);
      return { status: 'applied', module: handler.module, note: note ?? null };
    } catch (error) {
      if (error instanceof VaultlineError && !error.code.startsWith('BUNDLE_') && error.code !== 'INTERNAL' && error.code !== 'HSM_ERROR' && error.code !== 'IO') {
        refuse('BUNDLE_ITEM_INVALID', `Item ${ctx.line.id} (${type}) was refused by ${handler.module}: ${error.message}`);
      }
      throw error;
    }
  }
}
