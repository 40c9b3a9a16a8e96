/**
 * The item types a bundle may carry, each with the directions it may travel in, its size limit,
 * the content types allowed, and the module that acts on it. JSON types are validated by their
 * schema (item-schemas.ts) before any handler sees them; `attachment` is opaque bytes that other
 * items reference by id (KYC documents, list files, report PDFs); `sealed` is an outbound item
 * encrypted to the online node (a filed report and its document), opaque to everyone else.
 */

export const ITEM_TYPE_NAMES = [
  // online node → console
  'chain-event',
  'balance-snapshot',
  'withdrawal-request',
  'kyc-submission',
  'sanctions-list-update',
  'vasp-directory',
  'broadcast-receipt',
  'market-prices',
  'trade-settlement',
  'key-rotation',
  'node-encryption-key',
  // console → online node
  'signed-transaction',
  'filed-report',
  'address-pool',
  'acknowledgement',
  'sealed',
  // both ways
  'travel-rule-message',
  'attachment',
] as const;
export type ItemTypeName = (typeof ITEM_TYPE_NAMES)[number];

type Direction = 'inbound' | 'outbound';

export interface ItemTypeSpec {
  readonly name: ItemTypeName;
  readonly title: string;
  readonly directions: readonly Direction[];
  /** Largest item of this type, in bytes (checked on the declared size, then on the actual bytes). */
  readonly maxBytes: number;
  /** JSON items are canonical JSON (RFC 8785) validated by a schema; the others are opaque bytes. */
  readonly json: boolean;
  readonly contentTypes: readonly string[];
  /** Who acts on it, for people: the module that applies it, or the one that will. */
  readonly module: string;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const JSON_ONLY = ['application/json'] as const;
const BINARY = ['application/pdf', 'image/jpeg', 'image/png', 'text/csv', 'application/xml', 'text/plain', 'application/json', 'application/octet-stream'] as const;
const OPAQUE = ['application/octet-stream'] as const;
/** Opaque bytes rather than schema-checked JSON. */
const opaque = (name: ItemTypeName): boolean => name === 'attachment' || name === 'sealed';

const spec = (name: ItemTypeName, title: string, directions: readonly Direction[], maxBytes: number, module: string): ItemTypeSpec => ({
  name,
  title,
  directions,
  maxBytes,
  json: !opaque(name),
  contentTypes: name === 'attachment' ? BINARY : name === 'sealed' ? OPAQUE : JSON_ONLY,
  module,
});

export const ITEM_TYPES: Readonly<Record<ItemTypeName, ItemTypeSpec>> = {
  'chain-event': spec('chain-event', 'Chain event (deposit or reorg)', ['inbound'], 16 * KiB, 'Ledger'),
  'balance-snapshot': spec('balance-snapshot', 'UTXO / balance snapshot', ['inbound'], 128 * MiB, 'Ledger (reconciliation)'),
  'withdrawal-request': spec('withdrawal-request', 'Withdrawal request', ['inbound'], 64 * KiB, 'Withdrawals (custody)'),
  'kyc-submission': spec('kyc-submission', 'KYC submission', ['inbound'], 1 * MiB, 'KYC'),
  'sanctions-list-update': spec('sanctions-list-update', 'Sanctions / PEP list update', ['inbound'], 64 * KiB, 'Screening'),
  'vasp-directory': spec('vasp-directory', 'VASP directory', ['inbound'], 32 * MiB, 'Travel Rule'),
  'broadcast-receipt': spec('broadcast-receipt', 'Broadcast receipt', ['inbound'], 16 * KiB, 'Ledger (holds)'),
  'market-prices': spec('market-prices', 'Market prices (USD)', ['inbound'], 4 * MiB, 'Valuation'),
  'trade-settlement': spec('trade-settlement', 'Trade settlement', ['inbound'], 64 * KiB, 'Ledger'),
  'key-rotation': spec('key-rotation', 'Online-node key rotation', ['inbound'], 16 * KiB, 'Bundles (key ceremony)'),
  'node-encryption-key': spec('node-encryption-key', 'Online-node encryption key (HPKE)', ['inbound'], 4 * KiB, 'Bundles (sealing)'),
  'signed-transaction': spec('signed-transaction', 'Signed transaction', ['outbound'], 1 * MiB, 'Withdrawals (custody)'),
  'filed-report': spec('filed-report', 'Filed report (SAR/STR)', ['outbound'], 1 * MiB, 'Cases'),
  'address-pool': spec('address-pool', 'Address pool / xpub', ['outbound'], 32 * MiB, 'Wallets (custody)'),
  acknowledgement: spec('acknowledgement', 'Acknowledgement of an imported bundle', ['outbound'], 16 * KiB, 'Bundles'),
  // An outbound item HPKE-sealed to the online node's encryption key (src-main/bundles/sealing.ts):
  // its real type, content type and bytes are inside. The largest plaintext is an attachment.
  sealed: spec('sealed', 'Sealed item (for the online node only)', ['outbound'], 256 * MiB + 4 * KiB, 'Online node (sealed)'),
  'travel-rule-message': spec('travel-rule-message', 'Travel Rule message', ['inbound', 'outbound'], 1 * MiB, 'Travel Rule'),
  attachment: spec('attachment', 'Attachment (document or list file)', ['inbound', 'outbound'], 256 * MiB, 'Referenced by another item'),
};

export function isItemTypeName(value: unknown): value is ItemTypeName {
  return typeof value === 'string' && (ITEM_TYPE_NAMES as readonly string[]).includes(value);
}
