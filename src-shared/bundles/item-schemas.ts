/**
 * Schemas of the JSON item types (the payload of `items/<id>`). Strict objects: an unknown field is
 * refused, so a sender cannot smuggle data past a handler that would ignore it. Amounts are decimal
 * text in the asset's unit ("0.015"), never JSON numbers (wei do not fit a double).
 */
import { z } from 'zod';
import type { ItemTypeName } from './item-types';
import { bundleId, hex64, itemId } from './bundle-format';

const decimal = z.string().regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'must be a non-negative decimal number like "0.015"').max(80);
const assetId = z.string().regex(/^[A-Z0-9]{2,12}$/, 'must be an asset id such as BTC or ETH');
const customerId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be a customer reference (letters, digits, _ . : -)');
const reference = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, 'must be a reference (letters, digits, _ . : -)');
const txid = z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/, 'must be a 32-byte transaction hash in hex');
const address = z.string().min(14).max(100).regex(/^[A-Za-z0-9:]+$/, 'must be a chain address');
const timestamp = z.iso.datetime({ offset: false, precision: 3 });
const text = (max: number) => z.string().trim().min(1).max(max);
const country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code');
const wallet = z.enum(['wallet_hot', 'wallet_cold', 'omnibus']);
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64').max(4 * 1024 * 1024);
/** A flat record of simple values (extracted form data), bounded. */
const flatRecord = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/), z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]));

// ─── online node → console ───────────────────────────────────────────────────────────────────

export const depositSender = z
  .object({ address: address.optional(), country: country.optional(), vasp: text(200).optional(), pep: z.boolean().optional() })
  .strict();

export const chainEventItem = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('deposit'),
      assetId,
      txid,
      outputIndex: z.number().int().min(0).max(1_000_000),
      address,
      customerId,
      amount: decimal,
      confirmations: z.number().int().min(0).max(100_000_000),
      finalized: z.boolean(),
      blockHeight: z.number().int().nonnegative().optional(),
      /** When the transaction was seen on chain; the console uses the import time when absent. */
      seenAt: timestamp.optional(),
      /** The sender as the node knows it (chain data, Travel Rule): what transaction monitoring reads. */
      sender: depositSender.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('reorg'), assetId, txid, outputIndex: z.number().int().min(0).max(1_000_000), reason: text(2000) }).strict(),
]);

export const balanceSnapshotItem = z
  .object({
    snapshotId: text(100),
    assetId,
    wallet,
    chainBalance: decimal,
    asOf: timestamp,
    blockHeight: z.number().int().nonnegative().optional(),
    utxos: z.array(z.object({ txid, vout: z.number().int().min(0), amount: decimal }).strict()).max(1_000_000).optional(),
    source: text(200),
  })
  .strict();

export const withdrawalRequestItem = z
  .object({
    requestId: reference,
    customerId,
    assetId,
    amount: decimal,
    destination: address,
    feeCap: decimal.optional(),
    requestedAt: timestamp,
    memo: z.string().max(500).optional(),
  })
  .strict();

export const KYC_DOCUMENT_KINDS = ['passport', 'id_card', 'driving_licence', 'residence_permit', 'proof_of_address', 'selfie', 'company_registration', 'ownership_chart', 'source_of_funds', 'other'] as const;

export const kycSubmissionItem = z
  .object({
    submissionId: reference,
    customerId,
    customerType: z.enum(['individual', 'entity']),
    submittedAt: timestamp,
    profile: flatRecord,
    documents: z.array(z.object({ attachmentId: itemId, kind: z.enum(KYC_DOCUMENT_KINDS), description: z.string().max(500).optional() }).strict()).max(50),
  })
  .strict();

export const LIST_FORMATS = ['ofac-sdn-advanced-xml', 'ofac-sdn-csv', 'ofac-add-csv', 'ofac-alt-csv', 'un-consolidated-xml', 'address-list-json', 'pep-csv'] as const;

export const sanctionsListUpdateItem = z
  .object({
    listId: reference,
    source: text(100),
    version: text(100),
    publishedAt: timestamp,
    format: z.enum(LIST_FORMATS),
    /** The list file travels as an `attachment` item in the same bundle. */
    attachmentId: itemId,
  })
  .strict();

const vasp = z.object({ vaspId: reference, name: text(200), jurisdiction: country, lei: z.string().regex(/^[A-Z0-9]{20}$/).optional() }).strict();

export const travelRuleMessageItem = z
  .object({
    messageId: reference,
    protocol: z.enum(['trp', 'trisa', 'openvasp', 'gtr', 'email', 'manual']),
    originatorVasp: vasp,
    beneficiaryVasp: vasp,
    transfer: z.object({ assetId, amount: decimal, txid: txid.optional(), destination: address.optional() }).strict(),
    /** IVMS101 (interVASP Messaging Standard 101) payload: originator and beneficiary. */
    ivms101: z.record(z.string(), z.json()),
    at: timestamp,
  })
  .strict();

export const vaspDirectoryItem = z
  .object({
    version: text(100),
    asOf: timestamp,
    entries: z.array(vasp.extend({ status: z.enum(['active', 'suspended', 'unverified']), endpoints: z.array(z.string().max(300)).max(10).optional() }).strict()).max(100_000),
  })
  .strict();

export const broadcastReceiptItem = z
  .object({
    withdrawalId: reference,
    txid,
    amount: decimal,
    networkFee: decimal,
    feePaidBy: z.enum(['customer', 'firm']),
    broadcastAt: timestamp,
  })
  .strict();

export const marketPricesItem = z
  .object({
    asOf: timestamp,
    source: text(200),
    quote: z.literal('USD'),
    prices: z.array(z.object({ assetId, price: decimal }).strict()).min(1).max(10_000),
  })
  .strict();

export const tradeSettlementItem = z
  .object({
    idempotencyKey: text(200),
    tradeId: text(100),
    customerId,
    counterparty: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
    legs: z.array(z.object({ assetId, side: z.enum(['receive', 'deliver']), amount: decimal }).strict()).min(1).max(10),
    fee: z.object({ assetId, amount: decimal }).strict().optional(),
  })
  .strict();

/**
 * The online node announces its next key. The bundle carrying it is signed by the current key;
 * `proof` is a signature by the new key over the canonical `rotationProofStatement`, so the node
 * shows it holds the new key. It takes effect only after the console's quorum approves it.
 */
export const keyRotationItem = z
  .object({
    nodeId: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/),
    newKeySpki: base64.max(200),
    newKeyFingerprint: hex64,
    reason: text(500),
    /** DER ECDSA P-256 signature, base64, by the new key over SHA-256 of the proof statement. */
    proof: base64.max(200),
  })
  .strict();

// ─── console → online node ───────────────────────────────────────────────────────────────────

export const signedTransactionItem = z
  .object({
    withdrawalId: reference,
    assetId,
    network: text(40),
    txid,
    /** The signed transaction, hex (raw) — or a finalised PSBT for Bitcoin, base64. */
    rawTransaction: z.string().regex(/^[0-9a-f]*$/).max(2_000_000).optional(),
    psbt: base64.optional(),
    signedAt: timestamp,
  })
  .strict();

export const filedReportItem = z
  .object({
    reportId: reference,
    kind: z.enum(['SAR', 'STR', 'CTR', 'other']),
    jurisdiction: country,
    format: z.enum(['goaml-xml', 'fincen-sar-xml', 'pdf', 'other']),
    filedAt: timestamp,
    attachmentId: itemId,
    /**
     * The MLRO's signed approval (optional: filings queued before it was signed carry none): the
     * statement their own token signed (canonical JSON naming console, report, content sha256,
     * approver, role, time), the P-256 signature (DER, hex) and their operator certificate (signed
     * by the console identity key). src-main/cases/sar-approval.ts `verifyApprovalPackage` checks it.
     */
    approval: z
      .object({
        statement: z.string().min(2).max(4000),
        signature: z.string().regex(/^[0-9a-f]{16,400}$/, 'must be a DER signature in hex'),
        certificate: z.string().min(2).max(8000),
      })
      .strict()
      .optional(),
  })
  .strict();

export const addressPoolItem = z
  .object({
    walletId: reference,
    assetId,
    network: text(40),
    xpub: z.string().regex(/^[a-zA-Z0-9]{100,120}$/).optional(),
    derivationPath: z.string().regex(/^m(\/\d+'?)*$/).max(100).optional(),
    addresses: z.array(z.object({ address, index: z.number().int().min(0).optional(), customerId: customerId.optional() }).strict()).max(200_000).optional(),
  })
  .strict();

/** The HPKE suite every sealed item uses (RFC 9180 base mode); the node's key must be for it. */
export const SEALING_SUITE = 'DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM' as const;

/**
 * The online node's public encryption key (raw X25519, 32 bytes, base64), separate from its signing
 * key; the console seals filed reports to the newest one it received (src-main/bundles/sealing.ts).
 */
export const nodeEncryptionKeyItem = z
  .object({
    nodeId: reference,
    suite: z.literal(SEALING_SUITE),
    publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a 32-byte X25519 public key in base64'),
    /** SHA-256 of the 32 raw public-key bytes, lower-case hex. */
    fingerprint: hex64,
    createdAt: timestamp,
  })
  .strict();

export const acknowledgementItem = z
  .object({
    bundleId,
    bundleHash: hex64,
    sequence: z.number().int().min(1),
    importedAt: timestamp,
    itemCount: z.number().int().min(0),
    applied: z.number().int().min(0),
    deferred: z.number().int().min(0),
  })
  .strict();

/** The schema of each JSON item type (`attachment` and `sealed` are opaque and have none). */
export const ITEM_SCHEMAS = {
  'chain-event': chainEventItem,
  'balance-snapshot': balanceSnapshotItem,
  'withdrawal-request': withdrawalRequestItem,
  'kyc-submission': kycSubmissionItem,
  'sanctions-list-update': sanctionsListUpdateItem,
  'vasp-directory': vaspDirectoryItem,
  'broadcast-receipt': broadcastReceiptItem,
  'market-prices': marketPricesItem,
  'trade-settlement': tradeSettlementItem,
  'key-rotation': keyRotationItem,
  'node-encryption-key': nodeEncryptionKeyItem,
  'signed-transaction': signedTransactionItem,
  'filed-report': filedReportItem,
  'address-pool': addressPoolItem,
  acknowledgement: acknowledgementItem,
  'travel-rule-message': travelRuleMessageItem,
} as const satisfies Record<Exclude<ItemTypeName, 'attachment' | 'sealed'>, z.ZodType>;

export type JsonItemType = keyof typeof ITEM_SCHEMAS;
export type ItemPayload<T extends JsonItemType> = z.infer<(typeof ITEM_SCHEMAS)[T]>;

/** Attachments another item refers to; the importer checks each one is in the same bundle. */
export function referencedAttachments(type: JsonItemType, payload: unknown): string[] {
  switch (type) {
    case 'kyc-submission':
      return (payload as ItemPayload<'kyc-submission'>).documents.map((d) => d.attachmentId);
    case 'sanctions-list-update':
      return [(payload as ItemPayload<'sanctions-list-update'>).attachmentId];
    case 'filed-report':
      return [(payload as ItemPayload<'filed-report'>).attachmentId];
    default:
      return [];
  }
}

/** What the rotation proof signs: the new key vouching for the node and the key it replaces. */
export function rotationProofStatement(nodeId: string, oldKeyFingerprint: string, newKeyFingerprint: string) {
  return { purpose: 'vaultline-node-key-rotation-proof', nodeId, oldKeyFingerprint, newKeyFingerprint };
}
