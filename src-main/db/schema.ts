/**
 * The database schema, in one place (drizzle). Migrations in ./migrations are generated from it
 * with `npm run db:generate` and committed; hand-written additions (triggers) are marked there.
 */
import { sqliteTable, text, integer, real, index, uniqueIndex, blob, primaryKey } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';

export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const operators = sqliteTable(
  'operators',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    /** JSON array of roles. */
    roles: text('roles').notNull(),
    senior: integer('senior', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['active', 'disabled'] }).notNull(),
    /** argon2id PHC string. */
    passphraseHash: text('passphrase_hash').notNull(),
    tokenLabel: text('token_label').notNull(),
    /** CKA_ID of the approval key pair on the operator's token, hex. */
    tokenKeyId: text('token_key_id').notNull(),
    /** SubjectPublicKeyInfo DER of the approval key, base64. */
    publicKeySpki: text('public_key_spki').notNull(),
    keyFingerprint: text('key_fingerprint').notNull(),
    /**
     * The console identity key's signature over the operator's id, username, roles, seniority,
     * status and public key (hex DER). The signing module trusts an approver's key and roles only
     * through it, so rows in the database alone cannot make an approver.
     */
    certificate: text('certificate'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedOut: integer('locked_out', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    lastLoginAt: text('last_login_at'),
  },
  (t) => [index('operators_token_label').on(t.tokenLabel)],
);

/**
 * Append-only, hash-chained audit trail (DESIGN.md, "Data"). `hash` = sha256 over the canonical
 * JSON of the other columns, which include `prev_hash`; triggers refuse UPDATE and DELETE.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: text('at').notNull(),
    operatorId: text('operator_id'),
    operatorUsername: text('operator_username'),
    command: text('command').notNull(),
    inputDigest: text('input_digest').notNull(),
    outcome: text('outcome', { enum: ['ok', 'refused', 'error'] }).notNull(),
    errorCode: text('error_code'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_command').on(t.command), index('audit_log_operator').on(t.operatorUsername)],
);

// ─── Ledger (issue 4) ────────────────────────────────────────────────────────────────────────
// Amounts are integer minor units stored as decimal TEXT: wei do not fit in SQLite's 64-bit
// INTEGER (9.2 ETH would overflow). The ledger never sums in SQL; balances are maintained.

export const assets = sqliteTable('assets', {
  id: text('id').primaryKey(),
  chain: text('chain', { enum: ['bitcoin', 'ethereum'] }).notNull(),
  network: text('network').notNull(),
  symbol: text('symbol').notNull(),
  name: text('name').notNull(),
  decimals: integer('decimals').notNull(),
  /** Confirmations a deposit needs before it is credited; null when `finality` is 'finalized'. */
  confirmations: integer('confirmations'),
  finality: text('finality', { enum: ['confirmations', 'finalized'] }).notNull(),
  contractAddress: text('contract_address'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const ACCOUNT_KINDS = ['customer', 'wallet_hot', 'wallet_cold', 'omnibus', 'fees', 'fee_revenue', 'suspense', 'counterparty', 'equity'] as const;

export const accounts = sqliteTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull().unique(),
    kind: text('kind', { enum: ACCOUNT_KINDS }).notNull(),
    assetId: text('asset_id')
      .notNull()
      .references(() => assets.id),
    customerId: text('customer_id'),
    label: text('label').notNull(),
    /** Which side increases the balance: assets and expenses are debit-normal, the rest credit-normal. */
    normal: text('normal', { enum: ['debit', 'credit'] }).notNull(),
    /** Customer balances never go negative; firm accounts may (suspense, counterparties). */
    allowNegative: integer('allow_negative', { mode: 'boolean' }).notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('accounts_customer').on(t.customerId, t.assetId), index('accounts_kind').on(t.kind, t.assetId)],
);

export const accountBalances = sqliteTable('account_balances', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id),
  /** Normal-side balance (credits − debits for credit-normal accounts). */
  balance: text('balance').notNull(),
  held: text('held').notNull(),
  lastEntrySeq: integer('last_entry_seq'),
  updatedAt: text('updated_at').notNull(),
});

export const journalEntries = sqliteTable(
  'journal_entries',
  {
    seq: integer('seq').primaryKey(),
    id: text('id').notNull().unique(),
    type: text('type').notNull(),
    idempotencyKey: text('idempotency_key').unique(),
    contentHash: text('content_hash').notNull(),
    description: text('description').notNull(),
    sourceType: text('source_type'),
    sourceRef: text('source_ref'),
    reversesSeq: integer('reverses_seq').unique(),
    postedAt: text('posted_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('journal_entries_posted').on(t.postedAt), index('journal_entries_type').on(t.type, t.seq), index('journal_entries_source').on(t.sourceType, t.sourceRef)],
);

export const postings = sqliteTable(
  'postings',
  {
    id: integer('id').primaryKey(),
    entrySeq: integer('entry_seq')
      .notNull()
      .references(() => journalEntries.seq),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    assetId: text('asset_id').notNull(),
    /** Signed: positive is a debit, negative a credit. */
    amount: text('amount').notNull(),
    /** The account's normal-side balance right after this posting (balance as of any time). */
    balanceAfter: text('balance_after').notNull(),
    postedAt: text('posted_at').notNull(),
  },
  (t) => [index('postings_account').on(t.accountId, t.id), index('postings_account_time').on(t.accountId, t.postedAt, t.id), index('postings_entry').on(t.entrySeq)],
);

export const holds = sqliteTable(
  'holds',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    assetId: text('asset_id').notNull(),
    /** The withdrawal amount; the hold covers it plus the fee cap. */
    amount: text('amount').notNull(),
    feeCap: text('fee_cap').notNull(),
    referenceType: text('reference_type').notNull(),
    referenceId: text('reference_id').notNull(),
    status: text('status', { enum: ['active', 'settled', 'released', 'expired'] }).notNull(),
    reason: text('reason'),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    resolvedAt: text('resolved_at'),
    settleEntrySeq: integer('settle_entry_seq'),
  },
  (t) => [uniqueIndex('holds_reference').on(t.referenceType, t.referenceId), index('holds_status').on(t.status, t.expiresAt), index('holds_account').on(t.accountId, t.status)],
);

export const deposits = sqliteTable(
  'deposits',
  {
    id: text('id').primaryKey(),
    assetId: text('asset_id')
      .notNull()
      .references(() => assets.id),
    txid: text('txid').notNull(),
    outputIndex: integer('output_index').notNull(),
    address: text('address').notNull(),
    customerId: text('customer_id').notNull(),
    amount: text('amount').notNull(),
    confirmations: integer('confirmations').notNull(),
    finalized: integer('finalized', { mode: 'boolean' }).notNull(),
    blockHeight: integer('block_height'),
    status: text('status', { enum: ['pending', 'credited', 'reversed', 'dropped'] }).notNull(),
    entrySeq: integer('entry_seq'),
    reversalEntrySeq: integer('reversal_entry_seq'),
    firstSeenAt: text('first_seen_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('deposits_output').on(t.assetId, t.txid, t.outputIndex), index('deposits_status').on(t.status), index('deposits_customer').on(t.customerId)],
);

export const reconSnapshots = sqliteTable('recon_snapshots', {
  id: text('id').primaryKey(),
  assetId: text('asset_id').notNull(),
  accountId: text('account_id')
    .notNull()
    .references(() => accounts.id),
  chainBalance: text('chain_balance').notNull(),
  ledgerBalance: text('ledger_balance').notNull(),
  difference: text('difference').notNull(),
  asOf: text('as_of').notNull(),
  blockHeight: integer('block_height'),
  /** JSON: what the online node sent (UTXO list or account state) and what the ledger showed. */
  evidence: text('evidence').notNull(),
  importedAt: text('imported_at').notNull(),
});

export const reconExceptions = sqliteTable(
  'recon_exceptions',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['balance_mismatch', 'reorg_shortfall'] }).notNull(),
    snapshotId: text('snapshot_id').references(() => reconSnapshots.id),
    assetId: text('asset_id').notNull(),
    accountId: text('account_id').notNull(),
    /** Signed minor units: chain minus ledger (balance_mismatch) or the shortfall (reorg_shortfall). */
    difference: text('difference').notNull(),
    /** JSON evidence: the figures compared and where they came from. */
    evidence: text('evidence').notNull(),
    status: text('status', { enum: ['open', 'resolved'] }).notNull(),
    openedAt: text('opened_at').notNull(),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolution: text('resolution', { enum: ['explained', 'adjusted'] }),
    note: text('note'),
  },
  (t) => [index('recon_exceptions_status').on(t.status, t.openedAt)],
);

export const reconAdjustments = sqliteTable('recon_adjustments', {
  id: text('id').primaryKey(),
  exceptionId: text('exception_id')
    .notNull()
    .references(() => reconExceptions.id),
  /** Signed minor units applied to the wallet account (debit positive); suspense takes the other side. */
  amount: text('amount').notNull(),
  note: text('note').notNull(),
  proposedBy: text('proposed_by').notNull(),
  proposedAt: text('proposed_at').notNull(),
  status: text('status', { enum: ['proposed', 'approved', 'rejected'] }).notNull(),
  decidedBy: text('decided_by'),
  decidedAt: text('decided_at'),
  decisionNote: text('decision_note'),
  entrySeq: integer('entry_seq'),
});

// ─── Record vault and audit checkpoints (issue 5) ───────────────────────────────────────────

export const RECORD_TYPES = ['kyc', 'transaction', 'correspondence', 'sar', 'risk_assessment', 'approval', 'report'] as const;
export const RECORD_SUBJECTS = ['customer', 'case', 'withdrawal', 'console'] as const;

/**
 * Envelope-encrypted records. Content lives in record_chunks, each chunk sealed with AES-256-GCM
 * under the record's own data key; that key is kept only wrapped by the HSM vault key. Shredding
 * removes the wrapped key and the chunks and leaves this row as a tombstone.
 */
export const records = sqliteTable(
  'records',
  {
    id: text('id').primaryKey(),
    type: text('type', { enum: RECORD_TYPES }).notNull(),
    subjectType: text('subject_type', { enum: RECORD_SUBJECTS }).notNull(),
    subjectId: text('subject_id').notNull(),
    title: text('title').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** sha256 of the plaintext, hex. */
    sha256: text('sha256').notNull(),
    chunkSize: integer('chunk_size').notNull(),
    chunkCount: integer('chunk_count').notNull(),
    wrappedKey: blob('wrapped_key', { mode: 'buffer' }),
    keyId: text('key_id').notNull(),
    noncePrefix: blob('nonce_prefix', { mode: 'buffer' }).notNull(),
    jurisdiction: text('jurisdiction').notNull(),
    retentionBasis: text('retention_basis', { enum: ['creation', 'relationship_end'] }).notNull(),
    retentionYears: integer('retention_years').notNull(),
    /** Null while a relationship-based record's relationship continues. */
    retentionUntil: text('retention_until'),
    legalHold: integer('legal_hold', { mode: 'boolean' }).notNull().default(false),
    legalHoldReason: text('legal_hold_reason'),
    legalHoldBy: text('legal_hold_by'),
    legalHoldAt: text('legal_hold_at'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    shreddedAt: text('shredded_at'),
    shreddedBy: text('shredded_by'),
  },
  (t) => [index('records_subject').on(t.subjectType, t.subjectId), index('records_type').on(t.type, t.createdAt), index('records_created').on(t.createdAt), index('records_retention').on(t.retentionUntil)],
);

export const recordChunks = sqliteTable(
  'record_chunks',
  {
    recordId: text('record_id')
      .notNull()
      .references(() => records.id),
    idx: integer('idx').notNull(),
    ciphertext: blob('ciphertext', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.recordId, t.idx] })],
);

/** Normalised search terms of a record (names, wallet addresses, transaction hashes). */
export const recordTerms = sqliteTable(
  'record_terms',
  {
    recordId: text('record_id')
      .notNull()
      .references(() => records.id),
    kind: text('kind', { enum: ['name', 'address', 'txhash'] }).notNull(),
    value: text('value').notNull(),
  },
  (t) => [index('record_terms_value').on(t.kind, t.value), index('record_terms_record').on(t.recordId)],
);

/** Every read of a record: who, when, why, and whether its integrity held. */
export const recordAccess = sqliteTable(
  'record_access',
  {
    id: integer('id').primaryKey(),
    recordId: text('record_id').notNull(),
    at: text('at').notNull(),
    operatorId: text('operator_id'),
    operatorUsername: text('operator_username'),
    kind: text('kind', { enum: ['content', 'search', 'export'] }).notNull(),
    purpose: text('purpose').notNull(),
    outcome: text('outcome', { enum: ['ok', 'integrity_failure'] }).notNull(),
  },
  (t) => [index('record_access_record').on(t.recordId, t.id), index('record_access_at').on(t.at)],
);

export const relationshipEnds = sqliteTable('relationship_ends', {
  customerId: text('customer_id').primaryKey(),
  endedAt: text('ended_at').notNull(),
  recordedBy: text('recorded_by').notNull(),
});

/** Problems the console found in its own data (a record that fails its checksum, …). */
export const integrityAlerts = sqliteTable(
  'integrity_alerts',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    detail: text('detail').notNull(),
    raisedAt: text('raised_at').notNull(),
    acknowledgedAt: text('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
  },
  (t) => [index('integrity_alerts_open').on(t.acknowledgedAt, t.raisedAt)],
);

/**
 * Signed audit checkpoints: the console identity key signs `message` (canonical JSON naming the
 * console, the last entry covered and its hash), so the chain up to `seq` can be checked by anyone
 * holding the console's public key.
 */
export const auditCheckpoints = sqliteTable('audit_checkpoints', {
  seq: integer('seq').primaryKey(),
  headHash: text('head_hash').notNull(),
  at: text('at').notNull(),
  message: text('message').notNull(),
  /** ECDSA P-256 / SHA-256, DER, hex. */
  signature: text('signature').notNull(),
  keyFingerprint: text('key_fingerprint').notNull(),
});

// ─── Bundles with the online node (issue 6) ──────────────────────────────────────────────────
// docs/bundle-format.md. Every bundle taken in or sent out is recorded with its canonical
// manifest and signature (the history); each item with its bytes, so what arrived is kept exactly
// as it was signed, and items of modules not built yet wait here ("deferred") for them.

/** The online node's public keys: pinned at the key ceremony, replaced only by an approved rotation. */
export const nodeKeys = sqliteTable(
  'node_keys',
  {
    id: text('id').primaryKey(),
    nodeId: text('node_id').notNull(),
    nodeName: text('node_name').notNull(),
    /** SubjectPublicKeyInfo DER, base64. */
    spki: text('spki').notNull(),
    /** SHA-256 of the SPKI DER, lower-case hex. */
    fingerprint: text('fingerprint').notNull().unique(),
    status: text('status', { enum: ['active', 'retired', 'revoked'] }).notNull(),
    /** The operator who pinned it at a ceremony, or null when an approved rotation brought it in. */
    pinnedBy: text('pinned_by'),
    rotationId: text('rotation_id'),
    activatedAt: text('activated_at').notNull(),
    endedAt: text('ended_at'),
    endedBy: text('ended_by'),
    endReason: text('end_reason'),
  },
  (t) => [index('node_keys_status').on(t.status)],
);

export const bundles = sqliteTable(
  'bundles',
  {
    id: text('id').primaryKey(),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    sequence: integer('sequence').notNull(),
    /** SHA-256 of the canonical manifest: what the next bundle's previousBundleHash names. */
    bundleHash: text('bundle_hash').notNull().unique(),
    previousHash: text('previous_hash').notNull(),
    senderId: text('sender_id').notNull(),
    senderName: text('sender_name').notNull(),
    senderFingerprint: text('sender_fingerprint').notNull(),
    recipientId: text('recipient_id').notNull(),
    recipientFingerprint: text('recipient_fingerprint').notNull(),
    createdAt: text('created_at').notNull(),
    recordedAt: text('recorded_at').notNull(),
    /** Who imported or exported it. */
    operatorId: text('operator_id').notNull(),
    itemCount: integer('item_count').notNull(),
    totalItemBytes: integer('total_item_bytes').notNull(),
    applied: integer('applied').notNull(),
    deferred: integer('deferred').notNull(),
    fileName: text('file_name').notNull(),
    fileBytes: integer('file_bytes').notNull(),
    /** The canonical manifest as signed (text) and its DER signature (base64). */
    manifest: text('manifest').notNull(),
    signature: text('signature').notNull(),
    indexSha256: text('index_sha256').notNull(),
  },
  (t) => [uniqueIndex('bundles_sequence').on(t.direction, t.sequence), index('bundles_recorded').on(t.direction, t.recordedAt)],
);

export const bundleItems = sqliteTable(
  'bundle_items',
  {
    id: integer('id').primaryKey(),
    /** Null while an outbound item waits in the outbox for the next export. */
    bundleId: text('bundle_id').references(() => bundles.id),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    itemId: text('item_id').notNull(),
    type: text('type').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    /** inbound: applied by its module, or deferred until that module exists; outbound: queued, then sent. */
    status: text('status', { enum: ['applied', 'deferred', 'queued', 'sent'] }).notNull(),
    /** The module that applied it or will (item-types.ts), and a short result note. */
    module: text('module').notNull(),
    note: text('note'),
    createdAt: text('created_at').notNull(),
    /**
     * Outbound items sealed to the online node's encryption key (HPKE, src-main/bundles/sealing.ts):
     * the key's fingerprint, and size and SHA-256 of the sealed envelope the chunks hold and the
     * bundle carries (type `sealed`); type, content type, size and sha256 above describe the plaintext.
     */
    sealedTo: text('sealed_to'),
    sealedSize: integer('sealed_size'),
    sealedSha256: text('sealed_sha256'),
  },
  (t) => [uniqueIndex('bundle_items_bundle_item').on(t.bundleId, t.itemId), index('bundle_items_status').on(t.direction, t.status, t.type)],
);

/** Item bytes in chunks of at most 1 MiB, so a large attachment is streamed in and out. */
export const bundleItemChunks = sqliteTable(
  'bundle_item_chunks',
  {
    itemRow: integer('item_row')
      .notNull()
      .references(() => bundleItems.id),
    chunk: integer('chunk').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemRow, t.chunk] })],
);

/** The sealed envelope of an outbound item (bundle_items.sealed_to), in chunks of at most 1 MiB. */
export const bundleItemSealedChunks = sqliteTable(
  'bundle_item_sealed_chunks',
  {
    itemRow: integer('item_row')
      .notNull()
      .references(() => bundleItems.id),
    chunk: integer('chunk').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemRow, t.chunk] })],
);

/** A rotation of the online node's key, announced in a signed bundle, waiting for its quorum. */
export const nodeKeyRotations = sqliteTable(
  'node_key_rotations',
  {
    id: text('id').primaryKey(),
    bundleId: text('bundle_id')
      .notNull()
      .references(() => bundles.id),
    itemId: text('item_id').notNull(),
    nodeId: text('node_id').notNull(),
    oldKeyId: text('old_key_id')
      .notNull()
      .references(() => nodeKeys.id),
    newSpki: text('new_spki').notNull(),
    newFingerprint: text('new_fingerprint').notNull(),
    reason: text('reason').notNull(),
    /** The canonical statement approvers sign with their own tokens, and its SHA-256 (hex). */
    statement: text('statement').notNull(),
    digest: text('digest').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'superseded'] }).notNull(),
    createdAt: text('created_at').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by'),
    decisionNote: text('decision_note'),
  },
  (t) => [index('node_key_rotations_status').on(t.status)],
);

/**
 * The online node's encryption keys (X25519, for HPKE), each sent in a signed `node-encryption-key`
 * item; the newest received is `current`, earlier ones `replaced`. Separate from its signing keys.
 */
export const nodeEncryptionKeys = sqliteTable(
  'node_encryption_keys',
  {
    id: text('id').primaryKey(),
    nodeId: text('node_id').notNull(),
    /** Raw X25519 public key, base64, and SHA-256 of its 32 bytes (hex). */
    publicKey: text('public_key').notNull(),
    fingerprint: text('fingerprint').notNull().unique(),
    /** Fingerprint of the node signing key whose bundle brought it, and where it came. */
    signingKeyFingerprint: text('signing_key_fingerprint').notNull(),
    bundleId: text('bundle_id').notNull(),
    itemId: text('item_id').notNull(),
    createdAt: text('created_at').notNull(),
    receivedAt: text('received_at').notNull(),
    status: text('status', { enum: ['current', 'replaced'] }).notNull(),
    replacedAt: text('replaced_at'),
  },
  (t) => [index('node_encryption_keys_status').on(t.status)],
);

export const nodeKeyRotationApprovals = sqliteTable(
  'node_key_rotation_approvals',
  {
    rotationId: text('rotation_id')
      .notNull()
      .references(() => nodeKeyRotations.id),
    operatorId: text('operator_id').notNull(),
    /** The approver's enrolled key (fingerprint) and their raw r‖s signature over the digest, base64. */
    keyFingerprint: text('key_fingerprint').notNull(),
    signature: text('signature').notNull(),
    signedAt: text('signed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.rotationId, t.operatorId] })],
);

// ─── Custody: wallets, quorum policy, withdrawals (issue 7) ─────────────────────────────────

export const wallets = sqliteTable('wallets', {
  id: text('id').primaryKey(),
  assetId: text('asset_id')
    .notNull()
    .references(() => assets.id),
  chain: text('chain', { enum: ['bitcoin', 'ethereum'] }).notNull(),
  network: text('network').notNull(),
  role: text('role', { enum: ['hot', 'cold'] }).notNull(),
  /** `hsm`: one HSM key per address; `bip32`: an HD seed made in the HSM, kept only wrapped. */
  scheme: text('scheme', { enum: ['hsm', 'bip32'] }).notNull(),
  label: text('label').notNull(),
  /** bip32 only: the seed wrapped by the HSM seed key, the account path and its xpub. */
  wrappedSeed: blob('wrapped_seed', { mode: 'buffer' }),
  seedKeyId: text('seed_key_id'),
  accountPath: text('account_path'),
  accountXpub: text('account_xpub'),
  nextIndex: integer('next_index').notNull().default(0),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
});

export const walletAddresses = sqliteTable(
  'wallet_addresses',
  {
    address: text('address').primaryKey(),
    walletId: text('wallet_id')
      .notNull()
      .references(() => wallets.id),
    index: integer('index').notNull(),
    purpose: text('purpose', { enum: ['deposit', 'change'] }).notNull(),
    /** Compressed secp256k1 public key, hex. */
    publicKey: text('public_key').notNull(),
    /** hsm scheme: CKA_ID of the key pair in the custody token, hex. */
    hsmKeyId: text('hsm_key_id'),
    /** bip32 scheme: path below the account. */
    path: text('path'),
    customerId: text('customer_id'),
    exportedAt: text('exported_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('wallet_addresses_index').on(t.walletId, t.purpose, t.index), index('wallet_addresses_customer').on(t.customerId)],
);

/** Spendable outputs of Bitcoin wallets, each with its full previous transaction (BIP174 non_witness_utxo). */
export const walletUtxos = sqliteTable(
  'wallet_utxos',
  {
    txid: text('txid').notNull(),
    vout: integer('vout').notNull(),
    walletId: text('wallet_id')
      .notNull()
      .references(() => wallets.id),
    address: text('address').notNull(),
    amount: text('amount').notNull(),
    prevTxHex: text('prev_tx_hex').notNull(),
    status: text('status', { enum: ['available', 'reserved', 'spent'] }).notNull(),
    reservedBy: text('reserved_by'),
    seenAt: text('seen_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.txid, t.vout] }),
    // Coin selection walks this index (migration 0013): a wallet's coins of one status, largest first, ties by
    // outpoint, exactly custody.repository `availableUtxos`'s WHERE and ORDER BY, so no temporary B-tree sorts every
    // available coin at each selection. Amounts are decimal text; the expression must match the query's textually.
    index('wallet_utxos_selection').on(t.walletId, t.status, sql`CAST(${t.amount} AS INTEGER) DESC`, t.txid, t.vout),
  ],
);

/** Ethereum account nonces: the next one to use, from the node's report and our own signatures. */
export const accountNonces = sqliteTable('account_nonces', {
  address: text('address').primaryKey(),
  nextNonce: integer('next_nonce').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const marketPrices = sqliteTable('market_prices', {
  assetId: text('asset_id').primaryKey(),
  /** US cents per whole unit, as decimal text. */
  usdCentsPerUnit: text('usd_cents_per_unit').notNull(),
  asOf: text('as_of').notNull(),
  source: text('source').notNull(),
});

/** Versioned quorum policies. A version is active from `activated_at`; only a quorum activates one. */
export const quorumPolicies = sqliteTable('quorum_policies', {
  version: integer('version').primaryKey(),
  document: text('document').notNull(),
  sha256: text('sha256').notNull(),
  proposedBy: text('proposed_by').notNull(),
  proposedAt: text('proposed_at').notNull(),
  status: text('status', { enum: ['proposed', 'active', 'superseded', 'rejected'] }).notNull(),
  activatedAt: text('activated_at'),
  /**
   * The console identity key's signature (hex DER) over {version, sha256, activatedAt}, made when a
   * quorum activated this version: the signing module uses a policy only with it.
   */
  activationSignature: text('activation_signature'),
});

/** Approvals of a proposed policy version, each a signature by the approver's own token. */
export const policyApprovals = sqliteTable(
  'policy_approvals',
  {
    version: integer('version')
      .notNull()
      .references(() => quorumPolicies.version),
    operatorId: text('operator_id').notNull(),
    role: text('role').notNull(),
    payload: text('payload').notNull(),
    signature: text('signature').notNull(),
    approvedAt: text('approved_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.version, t.operatorId] })],
);

export const allowlist = sqliteTable(
  'destination_allowlist',
  {
    id: text('id').primaryKey(),
    chain: text('chain').notNull(),
    network: text('network').notNull(),
    address: text('address').notNull(),
    label: text('label').notNull(),
    addedBy: text('added_by').notNull(),
    addedAt: text('added_at').notNull(),
    /** The lock-in delay: a new destination is usable only from this time. */
    usableFrom: text('usable_from').notNull(),
    removedAt: text('removed_at'),
  },
  (t) => [uniqueIndex('allowlist_address').on(t.chain, t.network, t.address)],
);

export const circuitBreakers = sqliteTable('circuit_breakers', {
  /** `*` for every asset, or an asset id. */
  scope: text('scope').primaryKey(),
  halted: integer('halted', { mode: 'boolean' }).notNull(),
  reason: text('reason').notNull(),
  changedBy: text('changed_by').notNull(),
  changedAt: text('changed_at').notNull(),
});

export const withdrawals = sqliteTable(
  'withdrawals',
  {
    id: text('id').primaryKey(),
    source: text('source', { enum: ['bundle', 'console'] }).notNull(),
    requestRef: text('request_ref'),
    customerId: text('customer_id'),
    assetId: text('asset_id').notNull(),
    walletId: text('wallet_id').notNull(),
    amount: text('amount').notNull(),
    destination: text('destination').notNull(),
    feeCap: text('fee_cap').notNull(),
    usdCents: text('usd_cents').notNull(),
    state: text('state', { enum: ['blocked', 'pending_approval', 'approved', 'signed', 'broadcast', 'settled', 'rejected', 'expired'] }).notNull(),
    policyVersion: integer('policy_version').notNull(),
    ruleName: text('rule_name'),
    /** JSON: the approvals the matched rule requires. */
    requirement: text('requirement').notNull(),
    /** JSON: each pre-check's outcome and detail. */
    prechecks: text('prechecks').notNull(),
    initiatorId: text('initiator_id'),
    expiresAt: text('expires_at').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    rejectionReason: text('rejection_reason'),
    signedTx: text('signed_tx'),
    txid: text('txid'),
    signedAt: text('signed_at'),
    networkFee: text('network_fee'),
  },
  (t) => [index('withdrawals_state').on(t.state, t.createdAt), index('withdrawals_customer').on(t.customerId, t.createdAt), uniqueIndex('withdrawals_request').on(t.source, t.requestRef)],
);

/** An approval is a signature by the approver's own token key over the exact withdrawal. */
export const withdrawalApprovals = sqliteTable(
  'withdrawal_approvals',
  {
    withdrawalId: text('withdrawal_id')
      .notNull()
      .references(() => withdrawals.id),
    operatorId: text('operator_id').notNull(),
    role: text('role').notNull(),
    /** The canonical JSON that was signed. */
    payload: text('payload').notNull(),
    /** ECDSA P-256 / SHA-256, DER, hex. */
    signature: text('signature').notNull(),
    approvedAt: text('approved_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.withdrawalId, t.operatorId] })],
);

// ─── KYC, customer risk and screening (issue 8) ─────────────────────────────────────────────
// A KYC customer's id is the ledger's customer id (`accounts.customer_id`, `C-0001` in the demo),
// so a withdrawal's customer is looked up here by the same key. The ledger keeps no customer
// table of its own: the KYC file is the customer record.

export const KYC_STATUSES = ['pending_review', 'information_requested', 'approved', 'rejected'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const CDD_LEVELS = ['simplified', 'standard', 'enhanced'] as const;

export const kycCustomers = sqliteTable(
  'kyc_customers',
  {
    id: text('id').primaryKey(),
    type: text('type', { enum: ['individual', 'entity'] }).notNull(),
    status: text('status', { enum: KYC_STATUSES }).notNull(),
    legalName: text('legal_name').notNull(),
    /** Individuals: ISO dates (YYYY-MM-DD) and ISO 3166-1 alpha-2 country codes. */
    dateOfBirth: text('date_of_birth'),
    nationality: text('nationality'),
    residence: text('residence'),
    idDocumentType: text('id_document_type'),
    idDocumentNumber: text('id_document_number'),
    idDocumentCountry: text('id_document_country'),
    idDocumentExpiresOn: text('id_document_expires_on'),
    /** Entities: registration number, jurisdiction of incorporation, incorporation date. */
    registrationNumber: text('registration_number'),
    jurisdiction: text('jurisdiction'),
    incorporatedOn: text('incorporated_on'),
    addressLine: text('address_line').notNull(),
    addressCity: text('address_city').notNull(),
    addressPostalCode: text('address_postal_code'),
    addressCountry: text('address_country').notNull(),
    /** JSON array of product codes (risk-config.json `products`). */
    expectedProducts: text('expected_products').notNull(),
    expectedMonthlyVolumeUsd: integer('expected_monthly_volume_usd').notNull(),
    /** Category from risk-config.json `sourceOfFunds`. */
    sourceOfFunds: text('source_of_funds').notNull(),
    pepDeclared: integer('pep_declared', { mode: 'boolean' }).notNull(),
    /** Enhanced due diligence, recorded by the compliance officer who approved it. */
    eddSourceOfFunds: text('edd_source_of_funds'),
    eddSourceOfWealth: text('edd_source_of_wealth'),
    /** sha256 of the canonical JSON of what screening reads (names, dates, countries). */
    profileDigest: text('profile_digest').notNull(),
    profileVersion: integer('profile_version').notNull(),
    /** The latest risk assessment, denormalised for lists and the withdrawal gate. */
    riskScore: real('risk_score'),
    riskLevel: text('risk_level', { enum: RISK_LEVELS }),
    cddLevel: text('cdd_level', { enum: CDD_LEVELS }),
    /** When the file must be reviewed again (periodic review, or sooner if the ID document expires). */
    nextReviewAt: text('next_review_at'),
    reviewReason: text('review_reason'),
    approvedAt: text('approved_at'),
    approvedBy: text('approved_by'),
    source: text('source', { enum: ['console', 'bundle'] }).notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('kyc_customers_status').on(t.status, t.id), index('kyc_customers_risk').on(t.riskLevel, t.id), index('kyc_customers_review').on(t.nextReviewAt), index('kyc_customers_name').on(t.legalName)],
);

/** Beneficial owners of an entity (≥ 25 % ownership or control), each screened as a person. */
export const kycBeneficialOwners = sqliteTable(
  'kyc_beneficial_owners',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => kycCustomers.id),
    legalName: text('legal_name').notNull(),
    dateOfBirth: text('date_of_birth').notNull(),
    nationality: text('nationality').notNull(),
    residence: text('residence').notNull(),
    ownershipPercent: real('ownership_percent').notNull(),
    control: integer('control', { mode: 'boolean' }).notNull(),
    addedAt: text('added_at').notNull(),
    /** Set when a profile update no longer names them; the row and their hits stay. */
    removedAt: text('removed_at'),
  },
  (t) => [index('kyc_beneficial_owners_customer').on(t.customerId, t.removedAt)],
);

/** KYC documents: the content is a record in the vault (type `kyc`); this row says what it is. */
export const kycDocuments = sqliteTable(
  'kyc_documents',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => kycCustomers.id),
    recordId: text('record_id')
      .notNull()
      .references(() => records.id),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    description: text('description'),
    /** `console`, or the bundle submission that brought it. */
    source: text('source').notNull(),
    addedAt: text('added_at').notNull(),
    addedBy: text('added_by').notNull(),
  },
  (t) => [index('kyc_documents_customer').on(t.customerId, t.addedAt)],
);

/** The file's history: every status change, submission, update, document, hit and decision. */
export const kycEvents = sqliteTable(
  'kyc_events',
  {
    id: integer('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => kycCustomers.id),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    kind: text('kind').notNull(),
    statusBefore: text('status_before'),
    statusAfter: text('status_after'),
    /** JSON: what happened (fields changed, reason, hit id, assessment id…). */
    detail: text('detail').notNull(),
  },
  (t) => [index('kyc_events_customer').on(t.customerId, t.id)],
);

export const kycConsents = sqliteTable(
  'kyc_consents',
  {
    id: integer('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => kycCustomers.id),
    /** `data_processing`, `screening`, `electronic_communications`. */
    kind: text('kind').notNull(),
    granted: integer('granted', { mode: 'boolean' }).notNull(),
    /** When the customer gave (or withdrew) it, and the version of the text they saw. */
    givenAt: text('given_at').notNull(),
    textVersion: text('text_version').notNull(),
    source: text('source').notNull(),
    recordedAt: text('recorded_at').notNull(),
  },
  (t) => [index('kyc_consents_customer').on(t.customerId, t.id)],
);

/** Wallet addresses a customer declared as theirs: screened against the address lists. */
export const kycAddresses = sqliteTable(
  'kyc_addresses',
  {
    customerId: text('customer_id')
      .notNull()
      .references(() => kycCustomers.id),
    chain: text('chain', { enum: ['bitcoin', 'ethereum'] }).notNull(),
    /** As given, and as compared (EVM lower case, bech32 lower case, base58 as is). */
    address: text('address').notNull(),
    normalised: text('normalised').notNull(),
    label: text('label'),
    addedAt: text('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.chain, t.normalised] }), index('kyc_addresses_normalised').on(t.chain, t.normalised)],
);

/** A screening list (OFAC SDN, UN consolidated, a PEP list…) and how strict its name threshold is. */
export const screeningLists = sqliteTable('screening_lists', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['sanctions', 'pep'] }).notNull(),
  name: text('name').notNull(),
  /** Name matches scoring below this are not raised as hits. */
  threshold: real('threshold').notNull(),
  createdAt: text('created_at').notNull(),
});

export const screeningListVersions = sqliteTable(
  'screening_list_versions',
  {
    id: integer('id').primaryKey(),
    listId: text('list_id')
      .notNull()
      .references(() => screeningLists.id),
    version: text('version').notNull(),
    publishedAt: text('published_at').notNull(),
    format: text('format').notNull(),
    source: text('source').notNull(),
    /** sha256 of the list file as received. */
    digest: text('digest').notNull(),
    entryCount: integer('entry_count').notNull(),
    added: integer('added').notNull(),
    changed: integer('changed').notNull(),
    removed: integer('removed').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull(),
    importedAt: text('imported_at').notNull(),
    importedBy: text('imported_by').notNull(),
    /** `console`, or `bundle:<bundle id>/<item id>`. */
    via: text('via').notNull(),
  },
  (t) => [uniqueIndex('screening_list_versions_version').on(t.listId, t.version), index('screening_list_versions_list').on(t.listId, t.id)],
);

/**
 * List entries, one row per entry per span of versions: a new version that leaves an entry
 * unchanged keeps its row; a changed entry closes its row (`to_version`) and opens a new one; a
 * delisted entry's row is closed. Current entries have `to_version` NULL. Hits refer to the row
 * they were raised on, so history survives delisting.
 */
export const screeningEntries = sqliteTable(
  'screening_entries',
  {
    id: integer('id').primaryKey(),
    listId: text('list_id')
      .notNull()
      .references(() => screeningLists.id),
    entryId: text('entry_id').notNull(),
    /** sha256 of the canonical JSON of the entry. */
    digest: text('digest').notNull(),
    kind: text('kind').notNull(),
    primaryName: text('primary_name').notNull(),
    /** The ListEntry, canonical JSON. */
    data: text('data').notNull(),
    fromVersion: integer('from_version')
      .notNull()
      .references(() => screeningListVersions.id),
    toVersion: integer('to_version').references(() => screeningListVersions.id),
  },
  (t) => [index('screening_entries_current').on(t.listId, t.toVersion, t.entryId), index('screening_entries_entry').on(t.listId, t.entryId, t.id)],
);

export const HIT_STATUSES = ['open', 'true_match', 'false_positive'] as const;

export const screeningHits = sqliteTable(
  'screening_hits',
  {
    id: text('id').primaryKey(),
    /** The customer the hit concerns; null for an address known only as a withdrawal destination. */
    customerId: text('customer_id'),
    subjectType: text('subject_type', { enum: ['customer', 'owner', 'address'] }).notNull(),
    /** Customer id, beneficial-owner id, or `chain:normalised address`. */
    subjectId: text('subject_id').notNull(),
    /** The name or address that was screened. */
    subjectName: text('subject_name').notNull(),
    /** Digest of what was screened (profile digest for people, the address for addresses). */
    subjectDigest: text('subject_digest').notNull(),
    listId: text('list_id').notNull(),
    entryId: text('entry_id').notNull(),
    entryRow: integer('entry_row')
      .notNull()
      .references(() => screeningEntries.id),
    entryDigest: text('entry_digest').notNull(),
    listVersionId: integer('list_version_id')
      .notNull()
      .references(() => screeningListVersions.id),
    score: real('score').notNull(),
    matchedName: text('matched_name').notNull(),
    /** JSON: { agreed: MatchFeature[], penalised: MatchFeature[] } or the address match. */
    explanation: text('explanation').notNull(),
    status: text('status', { enum: HIT_STATUSES }).notNull(),
    raisedAt: text('raised_at').notNull(),
    raisedBy: text('raised_by').notNull(),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolutionReason: text('resolution_reason'),
    /** What the resolution was about: a false positive stays resolved until either changes. */
    resolvedEntryDigest: text('resolved_entry_digest'),
    resolvedSubjectDigest: text('resolved_subject_digest'),
    /** Set when the list entry left the list (delisting); the hit and its resolution stay. */
    delistedAt: text('delisted_at'),
  },
  (t) => [
    index('screening_hits_customer').on(t.customerId, t.status),
    index('screening_hits_subject').on(t.subjectType, t.subjectId, t.listId, t.entryId),
    index('screening_hits_list').on(t.listId, t.entryId),
    index('screening_hits_status').on(t.status, t.raisedAt),
  ],
);

/** Versions of the risk configuration (resources/risk-config.json) that assessments used. */
export const riskConfigVersions = sqliteTable('risk_config_versions', {
  version: integer('version').primaryKey(),
  document: text('document').notNull(),
  sha256: text('sha256').notNull(),
  registeredAt: text('registered_at').notNull(),
});

export const riskAssessments = sqliteTable(
  'risk_assessments',
  {
    id: integer('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => kycCustomers.id),
    configVersion: integer('config_version')
      .notNull()
      .references(() => riskConfigVersions.version),
    score: real('score').notNull(),
    level: text('level', { enum: RISK_LEVELS }).notNull(),
    /** JSON: each factor's input, raw score, weight and contribution. */
    factors: text('factors').notNull(),
    /** Why the level was forced, if it was (a confirmed sanctions match). */
    forcedBy: text('forced_by'),
    cddLevel: text('cdd_level', { enum: CDD_LEVELS }).notNull(),
    /** JSON array: why enhanced due diligence applies (high risk, PEP, high-risk country). */
    eddReasons: text('edd_reasons').notNull(),
    reviewMonths: integer('review_months').notNull(),
    nextReviewAt: text('next_review_at').notNull(),
    trigger: text('trigger').notNull(),
    assessedAt: text('assessed_at').notNull(),
    assessedBy: text('assessed_by').notNull(),
  },
  (t) => [index('risk_assessments_customer').on(t.customerId, t.id)],
);

// ─── Transaction monitoring (issue 9, migration 0007) ───────────────────────────────────────
// Rule sets are versioned documents (maker/checker); every deposit and withdrawal judged is kept
// as a monitored transaction (the history the engine warms up from and backtests read); alerts
// record the rule version, the conditions that held and the values behind them.

export const RULE_VERSION_STATES = ['draft', 'active', 'retired', 'rejected'] as const;

export const monitoringRuleVersions = sqliteTable(
  'monitoring_rule_versions',
  {
    version: integer('version').primaryKey(),
    /** The rule-set document (src-shared/monitoring/rule-set.schema.ts), canonical JSON. */
    document: text('document').notNull(),
    sha256: text('sha256').notNull(),
    note: text('note').notNull(),
    ruleCount: integer('rule_count').notNull(),
    state: text('state', { enum: RULE_VERSION_STATES }).notNull(),
    author: text('author').notNull(),
    createdAt: text('created_at').notNull(),
    approvedBy: text('approved_by'),
    activatedAt: text('activated_at'),
    retiredAt: text('retired_at'),
    rejectedBy: text('rejected_by'),
    rejectedAt: text('rejected_at'),
    rejectReason: text('reject_reason'),
  },
  (t) => [index('monitoring_rule_versions_state').on(t.state, t.version)],
);

export const monitoredTransactions = sqliteTable(
  'monitored_transactions',
  {
    /** `dep:<deposit id>` or `wd:<withdrawal id>`. */
    id: text('id').primaryKey(),
    /** Insertion order: the order the engine judged them in (ties on `at` replay the same way). */
    seq: integer('seq').notNull(),
    at: text('at').notNull(),
    direction: text('direction', { enum: ['deposit', 'withdrawal'] }).notNull(),
    customerId: text('customer_id').notNull(),
    assetId: text('asset_id').notNull(),
    /** Minor units of the asset, decimal text. */
    amount: text('amount').notNull(),
    usdCents: text('usd_cents').notNull(),
    counterpartyAddress: text('counterparty_address'),
    counterpartyCountry: text('counterparty_country'),
    counterpartyVasp: text('counterparty_vasp'),
    counterpartyPep: integer('counterparty_pep', { mode: 'boolean' }).notNull(),
    /** What it was: the deposit's txid:vout or the withdrawal id. */
    sourceRef: text('source_ref').notNull(),
    recordedAt: text('recorded_at').notNull(),
  },
  (t) => [uniqueIndex('monitored_transactions_seq').on(t.seq), index('monitored_transactions_at').on(t.at, t.seq), index('monitored_transactions_customer').on(t.customerId, t.at), index('monitored_transactions_counterparty').on(t.customerId, t.counterpartyAddress, t.assetId, t.direction)],
);

export const ALERT_STATES = ['open', 'closed', 'suppressed'] as const;
export const ALERT_OUTCOMES = ['false_positive', 'valuable', 'risk_confirmed'] as const;

export const monitoringAlerts = sqliteTable(
  'monitoring_alerts',
  {
    id: integer('id').primaryKey(),
    raisedAt: text('raised_at').notNull(),
    ruleId: text('rule_id').notNull(),
    ruleVersion: integer('rule_version')
      .notNull()
      .references(() => monitoringRuleVersions.version),
    ruleTitle: text('rule_title').notNull(),
    level: text('level', { enum: ['low', 'medium', 'high', 'critical'] }).notNull(),
    /** 1 low … 4 critical, for sorting by level. */
    levelRank: integer('level_rank').notNull(),
    /** JSON: the rule's actions. */
    actions: text('actions').notNull(),
    /** JSON: [{ path, description, holds, values }] — every condition evaluated and the values it saw. */
    conditions: text('conditions').notNull(),
    txId: text('tx_id')
      .notNull()
      .references(() => monitoredTransactions.id),
    txRef: text('tx_ref').notNull(),
    customerId: text('customer_id').notNull(),
    assetId: text('asset_id').notNull(),
    amount: text('amount').notNull(),
    usdCents: text('usd_cents').notNull(),
    /** USD cents zero-padded to 20 digits: sorts as the number does. */
    usdKey: text('usd_key').notNull(),
    assignee: text('assignee'),
    state: text('state', { enum: ALERT_STATES }).notNull(),
    suppressionId: integer('suppression_id'),
    outcome: text('outcome', { enum: ALERT_OUTCOMES }),
    closeReason: text('close_reason'),
    closedBy: text('closed_by'),
    closedAt: text('closed_at'),
    /** The case it belongs to (cases table: migration 0008). */
    caseId: text('case_id'),
  },
  (t) => [
    index('monitoring_alerts_queue').on(t.state, t.levelRank, t.raisedAt, t.id),
    index('monitoring_alerts_raised').on(t.state, t.raisedAt, t.id),
    index('monitoring_alerts_amount').on(t.state, t.usdKey, t.id),
    index('monitoring_alerts_by_level').on(t.state, t.levelRank, t.id),
    index('monitoring_alerts_by_rule').on(t.state, t.ruleId, t.id),
    index('monitoring_alerts_by_customer').on(t.state, t.customerId, t.id),
    index('monitoring_alerts_customer').on(t.customerId, t.state, t.raisedAt),
    index('monitoring_alerts_rule').on(t.ruleId, t.state, t.raisedAt),
    index('monitoring_alerts_assignee').on(t.assignee, t.state, t.raisedAt),
    index('monitoring_alerts_tx').on(t.txId),
    index('monitoring_alerts_case').on(t.caseId),
  ],
);

/** An alert's history: raised, assigned, closed, suppressed, linked to a case. Append-only. */
export const monitoringAlertEvents = sqliteTable(
  'monitoring_alert_events',
  {
    id: integer('id').primaryKey(),
    alertId: integer('alert_id')
      .notNull()
      .references(() => monitoringAlerts.id),
    at: text('at').notNull(),
    by: text('by').notNull(),
    action: text('action').notNull(),
    detail: text('detail').notNull(),
  },
  (t) => [index('monitoring_alert_events_alert').on(t.alertId, t.id)],
);

/** One rule silenced for one customer for at most 180 days, from a reviewed case; hits are still stored. */
export const monitoringSuppressions = sqliteTable(
  'monitoring_suppressions',
  {
    id: integer('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    ruleId: text('rule_id').notNull(),
    until: text('until').notNull(),
    reason: text('reason').notNull(),
    caseId: text('case_id').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
    revokedBy: text('revoked_by'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [index('monitoring_suppressions_subject').on(t.customerId, t.ruleId, t.until)],
);

// ─── Cases and SAR/STR filings (issue 9, migration 0008) ────────────────────────────────────
// A case gathers alerts (monitoring_alerts.case_id) and is worked open → investigating →
// escalated → decision → closed. Notes, attachments and history are append-only (triggers). A SAR
// filing keeps its draft as JSON; its approval binds the sha256 of the exact content approved, and
// every export is a vault record with its own sha256. All of it is SAR-confidential (SAR_ROLES).

export const CASE_STATUSES = ['open', 'investigating', 'escalated', 'decision', 'closed'] as const;

export const cases = sqliteTable(
  'cases',
  {
    /** CASE-000001 … */
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    status: text('status', { enum: CASE_STATUSES }).notNull(),
    /** JSON array of the customers the case's alerts concern, sorted. */
    customerIds: text('customer_ids').notNull(),
    /** The earliest alert's raisedAt: the SAR deadline runs from it. */
    detectedAt: text('detected_at').notNull(),
    assignee: text('assignee'),
    decision: text('decision', { enum: ['sar', 'no_sar'] }),
    decisionRationale: text('decision_rationale'),
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at'),
    closedBy: text('closed_by'),
    closedAt: text('closed_at'),
    closeReason: text('close_reason'),
    openedBy: text('opened_by').notNull(),
    openedAt: text('opened_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('cases_status').on(t.status, t.detectedAt, t.id), index('cases_detected').on(t.detectedAt, t.id), index('cases_assignee').on(t.assignee, t.status)],
);

export const caseNotes = sqliteTable(
  'case_notes',
  {
    id: integer('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    at: text('at').notNull(),
    by: text('by').notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('case_notes_case').on(t.caseId, t.id)],
);

/** A file attached to a case: its content is a vault record (type 'sar', subject the case). */
export const caseAttachments = sqliteTable(
  'case_attachments',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    recordId: text('record_id')
      .notNull()
      .references(() => records.id),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    at: text('at').notNull(),
    by: text('by').notNull(),
  },
  (t) => [index('case_attachments_case').on(t.caseId, t.at)],
);

/** Everything that happened to a case and its SAR, in order. Append-only. */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: integer('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    at: text('at').notNull(),
    by: text('by').notNull(),
    action: text('action').notNull(),
    detail: text('detail').notNull(),
  },
  (t) => [index('case_events_case').on(t.caseId, t.id)],
);

export const SAR_STATES = ['draft', 'approved', 'filed'] as const;
export const SAR_FORMATS = ['goaml', 'fincen', 'pdf'] as const;

export const sarFilings = sqliteTable(
  'sar_filings',
  {
    /** SAR-000001 … */
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: ['SAR', 'STR'] }).notNull(),
    state: text('state', { enum: SAR_STATES }).notNull(),
    /** The report as JSON (sar.model.ts SarDraftInput, without `approval`), canonical. */
    draft: text('draft').notNull(),
    /** sha256 of `draft`. */
    contentSha256: text('content_sha256').notNull(),
    draftedBy: text('drafted_by').notNull(),
    draftedAt: text('drafted_at').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: text('updated_at').notNull(),
    approvedBy: text('approved_by'),
    approvedAt: text('approved_at'),
    /** The content hash the approval binds; cleared by any change. */
    approvedSha256: text('approved_sha256'),
    /**
     * The statement the approver's own token signed (cases/sar-approval.ts, canonical JSON: console,
     * report, content hash, approver, role, time) and its P-256 signature (DER, hex); migration 0014.
     * Re-verified against the approver's operator certificate before every export and filing.
     */
    approvalStatement: text('approval_statement'),
    approvalSignature: text('approval_signature'),
    filedBy: text('filed_by'),
    filedAt: text('filed_at'),
    filedFormat: text('filed_format', { enum: SAR_FORMATS }),
    filedExportId: text('filed_export_id'),
    /** Outbound bundle items: the filed-report item and the document it refers to. */
    bundleItemId: text('bundle_item_id'),
    attachmentItemId: text('attachment_item_id'),
  },
  (t) => [uniqueIndex('sar_filings_case').on(t.caseId), index('sar_filings_state').on(t.state)],
);

/** Every export of an approved report: the file is a vault record; its sha256 and the content hash it came from. */
export const sarExports = sqliteTable(
  'sar_exports',
  {
    id: text('id').primaryKey(),
    sarId: text('sar_id')
      .notNull()
      .references(() => sarFilings.id),
    format: text('format', { enum: SAR_FORMATS }).notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    recordId: text('record_id')
      .notNull()
      .references(() => records.id),
    contentSha256: text('content_sha256').notNull(),
    validated: integer('validated', { mode: 'boolean' }).notNull(),
    at: text('at').notNull(),
    by: text('by').notNull(),
  },
  (t) => [index('sar_exports_sar').on(t.sarId, t.at)],
);
