import { z } from 'zod';
import { defineCommand } from './define';
import { isoTimestamp } from '../schemas';

/** Amounts cross the boundary as decimal text in the asset's unit ("0.015"); precision is checked per asset. */
export const decimalAmount = z.string().regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'must be a non-negative decimal number like "0.015"');
export const signedDecimalAmount = z.string().regex(/^-?(0|[1-9]\d*)(\.\d+)?$/, 'must be a decimal number like "-0.015"');
/** Amounts in answers: integer minor units as text (wei do not fit a JS number). */
export const minorAmount = z.string().regex(/^-?\d+$/);

const assetId = z.string().regex(/^[A-Z0-9]{2,12}$/, 'must be an asset id such as BTC or ETH');
const customerId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be a customer reference (letters, digits, _ . : -)');
const txid = z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/, 'must be a 32-byte transaction hash in hex');
const idempotencyKey = z.string().min(1).max(200);
const note = z.string().trim().min(10, 'must explain the reason in at least 10 characters').max(2000);
const walletKind = z.enum(['wallet_hot', 'wallet_cold', 'omnibus']);

export const accountKind = z.enum(['customer', 'wallet_hot', 'wallet_cold', 'omnibus', 'fees', 'fee_revenue', 'suspense', 'counterparty', 'equity']);
export const entryType = z.enum(['deposit', 'deposit_reversal', 'withdrawal_settlement', 'internal_transfer', 'fee', 'trade_settlement', 'adjustment', 'reversal']);

const readers = { roles: ['custody_officer', 'compliance_analyst', 'compliance_officer', 'auditor'] as const };
const custody = { roles: ['custody_officer'] as const };

export const assetView = z.object({
  id: z.string(),
  chain: z.enum(['bitcoin', 'ethereum']),
  network: z.string(),
  symbol: z.string(),
  name: z.string(),
  decimals: z.number().int(),
  finality: z.enum(['confirmations', 'finalized']),
  confirmations: z.number().int().nullable(),
});

export const accountView = z.object({
  id: z.string(),
  code: z.string(),
  kind: accountKind,
  assetId: z.string(),
  customerId: z.string().nullable(),
  label: z.string(),
  normal: z.enum(['debit', 'credit']),
  total: minorAmount,
  held: minorAmount,
  available: minorAmount,
  lastEntrySeq: z.number().int().nullable(),
});

export const postingView = z.object({
  accountId: z.string(),
  accountCode: z.string(),
  assetId: z.string(),
  /** Signed minor units: positive debit, negative credit. */
  amount: minorAmount,
  balanceAfter: minorAmount,
});

export const entryView = z.object({
  seq: z.number().int(),
  id: z.string(),
  type: z.string(),
  description: z.string(),
  postedAt: isoTimestamp,
  createdBy: z.string(),
  idempotencyKey: z.string().nullable(),
  sourceType: z.string().nullable(),
  sourceRef: z.string().nullable(),
  reversesSeq: z.number().int().nullable(),
  postings: z.array(postingView),
});

export const ledgerAssetsList = defineCommand({
  name: 'ledger.assets.list',
  summary: 'Assets and their deposit confirmation policies',
  access: { roles: [...readers.roles, 'admin'] },
  input: z.object({}).strict(),
  output: z.object({ assets: z.array(assetView) }),
});

export const ledgerAssetsSetPolicy = defineCommand({
  name: 'ledger.assets.setPolicy',
  summary: 'Set how many confirmations (or finality) a deposit needs before it is credited',
  access: custody,
  input: z
    .object({ assetId, finality: z.enum(['confirmations', 'finalized']), confirmations: z.number().int().min(1).max(1000).optional() })
    .strict()
    .refine((v) => (v.finality === 'confirmations') === (v.confirmations !== undefined), { message: 'give confirmations exactly when finality is "confirmations"', path: ['confirmations'] }),
  output: z.object({ asset: assetView }),
});

export const ledgerAccountsList = defineCommand({
  name: 'ledger.accounts.list',
  summary: 'Accounts with their balances (available, held, total)',
  access: readers,
  input: z
    .object({
      kind: accountKind.optional(),
      assetId: assetId.optional(),
      customerId: customerId.optional(),
      search: z.string().max(64).optional(),
      afterCode: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    })
    .strict(),
  output: z.object({ accounts: z.array(accountView) }),
});

export const ledgerAccountsGet = defineCommand({
  name: 'ledger.accounts.get',
  summary: 'One account’s balances now, and its total as of a past time',
  access: readers,
  input: z.object({ accountId: z.string().min(1).max(64), asOf: isoTimestamp.optional() }).strict(),
  output: z.object({ account: accountView, asOf: z.object({ at: isoTimestamp, total: minorAmount }).nullable() }),
});

export const ledgerEntriesList = defineCommand({
  name: 'ledger.entries.list',
  summary: 'Journal entries, newest first, filtered by account, asset, type and date',
  access: readers,
  input: z
    .object({
      accountId: z.string().max(64).optional(),
      assetId: assetId.optional(),
      type: entryType.optional(),
      from: isoTimestamp.optional(),
      to: isoTimestamp.optional(),
      beforeSeq: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  output: z.object({ entries: z.array(entryView) }),
});

export const ledgerEntriesGet = defineCommand({
  name: 'ledger.entries.get',
  summary: 'One entry with its postings and links (reversal, reversed by, source)',
  access: readers,
  input: z.object({ entryId: z.string().regex(/^je_[0-9a-f]{20}$/, 'must be an entry id (je_…)') }).strict(),
  output: z.object({
    entry: entryView,
    reverses: z.object({ id: z.string(), seq: z.number().int() }).nullable(),
    reversedBy: z.object({ id: z.string(), seq: z.number().int() }).nullable(),
  }),
});

const depositView = z.object({
  id: z.string(),
  assetId: z.string(),
  txid: z.string(),
  outputIndex: z.number().int(),
  address: z.string(),
  customerId: z.string(),
  amount: minorAmount,
  confirmations: z.number().int(),
  finalized: z.boolean(),
  status: z.enum(['pending', 'credited', 'reversed', 'dropped']),
  firstSeenAt: isoTimestamp,
});

export const ledgerDepositsRecord = defineCommand({
  name: 'ledger.deposits.record',
  summary: 'Record a deposit seen on chain; credit it once it meets the confirmation policy',
  access: custody,
  input: z
    .object({
      assetId,
      txid,
      outputIndex: z.number().int().min(0).max(1_000_000),
      address: z.string().min(14).max(100),
      customerId,
      amount: decimalAmount,
      confirmations: z.number().int().min(0),
      finalized: z.boolean().default(false),
      blockHeight: z.number().int().nonnegative().optional(),
      /** When it was seen on chain (transaction monitoring's time); now when absent. */
      seenAt: z.iso.datetime({ offset: false, precision: 3 }).optional(),
      /** The sender as known (chain data, Travel Rule): read by transaction monitoring. */
      sender: z
        .object({ address: z.string().min(14).max(100).optional(), country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code').optional(), vasp: z.string().trim().min(1).max(200).optional(), pep: z.boolean().optional() })
        .strict()
        .optional(),
    })
    .strict(),
  output: z.object({ deposit: depositView }),
});

export const ledgerDepositsReorg = defineCommand({
  name: 'ledger.deposits.reorg',
  summary: 'A reorg dropped a deposit: reverse its credit (or drop it if not yet credited)',
  access: custody,
  input: z.object({ assetId, txid, outputIndex: z.number().int().min(0), reason: note }).strict(),
  output: z.object({ deposit: depositView, shortfall: minorAmount }),
});

export const ledgerDepositsList = defineCommand({
  name: 'ledger.deposits.list',
  summary: 'Deposits by status',
  access: readers,
  input: z.object({ status: depositView.shape.status.optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
  output: z.object({ deposits: z.array(depositView) }),
});

const holdView = z.object({
  id: z.string(),
  accountId: z.string(),
  assetId: z.string(),
  amount: minorAmount,
  feeCap: minorAmount,
  withdrawalId: z.string(),
  status: z.enum(['active', 'settled', 'released', 'expired']),
  reason: z.string().nullable(),
  createdAt: isoTimestamp,
  expiresAt: isoTimestamp,
});

const withdrawalId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be a withdrawal reference');

export const ledgerHoldsPlace = defineCommand({
  name: 'ledger.holds.place',
  summary: 'Hold a withdrawal amount plus its fee cap on the customer’s balance',
  access: custody,
  input: z.object({ withdrawalId, customerId, assetId, amount: decimalAmount, feeCap: decimalAmount, expiresAt: isoTimestamp }).strict(),
  output: z.object({ hold: holdView }),
});

export const ledgerHoldsSettle = defineCommand({
  name: 'ledger.holds.settle',
  summary: 'Settle a held withdrawal on its broadcast receipt (amount + actual network fee)',
  access: custody,
  input: z.object({ withdrawalId, txid, amount: decimalAmount, networkFee: decimalAmount, feePaidBy: z.enum(['customer', 'firm']).default('customer') }).strict(),
  output: z.object({ hold: holdView, entryId: z.string() }),
});

export const ledgerHoldsRelease = defineCommand({
  name: 'ledger.holds.release',
  summary: 'Release a hold (withdrawal rejected or cancelled)',
  access: custody,
  input: z.object({ withdrawalId, reason: note }).strict(),
  output: z.object({ hold: holdView }),
});

export const ledgerHoldsExpire = defineCommand({
  name: 'ledger.holds.expire',
  summary: 'Release every hold whose expiry has passed',
  access: custody,
  input: z.object({}).strict(),
  output: z.object({ expired: z.array(holdView) }),
});

export const ledgerHoldsList = defineCommand({
  name: 'ledger.holds.list',
  summary: 'Holds by status',
  access: readers,
  input: z.object({ status: holdView.shape.status.optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
  output: z.object({ holds: z.array(holdView) }),
});

export const ledgerTransfersInternal = defineCommand({
  name: 'ledger.transfers.internal',
  summary: 'Record a movement between the firm’s wallets (hot ↔ cold) with its network fee',
  access: custody,
  input: z.object({ assetId, from: walletKind, to: walletKind, amount: decimalAmount, networkFee: decimalAmount, txid, idempotencyKey }).strict(),
  output: z.object({ entryId: z.string(), replayed: z.boolean() }),
});

export const ledgerTransfersCounterparty = defineCommand({
  name: 'ledger.transfers.counterparty',
  summary: 'Record coins moving between a firm wallet and a trading counterparty (trade settlement on chain)',
  access: custody,
  input: z
    .object({
      counterparty: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
      assetId,
      direction: z.enum(['receive', 'deliver']),
      amount: decimalAmount,
      networkFee: decimalAmount.default('0'),
      wallet: walletKind.default('wallet_hot'),
      txid,
      idempotencyKey,
    })
    .strict(),
  output: z.object({ entryId: z.string(), replayed: z.boolean() }),
});

export const ledgerFeesPost = defineCommand({
  name: 'ledger.fees.post',
  summary: 'Charge a fee to a customer',
  access: custody,
  input: z.object({ customerId, assetId, amount: decimalAmount, description: z.string().trim().min(3).max(300), idempotencyKey }).strict(),
  output: z.object({ entryId: z.string(), replayed: z.boolean() }),
});

export const ledgerTradesImport = defineCommand({
  name: 'ledger.trades.import',
  summary: 'Import trade settlements from the online system as entries, all or nothing',
  access: custody,
  input: z
    .object({
      settlements: z
        .array(
          z
            .object({
              idempotencyKey,
              tradeId: z.string().min(1).max(100),
              customerId,
              counterparty: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
              legs: z.array(z.object({ assetId, side: z.enum(['receive', 'deliver']), amount: decimalAmount }).strict()).min(1).max(10),
              fee: z.object({ assetId, amount: decimalAmount }).strict().optional(),
            })
            .strict(),
        )
        .min(1)
        .max(100_000),
    })
    .strict(),
  output: z.object({ posted: z.number().int(), replayed: z.number().int(), entryIds: z.array(z.string()) }),
});

export const statementLine = z.object({
  postingId: z.number().int(),
  entryId: z.string(),
  postedAt: isoTimestamp,
  type: z.string(),
  description: z.string(),
  assetId: z.string(),
  /** Signed change to what the firm owes the customer (positive: credit to the customer). */
  change: minorAmount,
  balance: minorAmount,
});

export const ledgerStatement = defineCommand({
  name: 'ledger.statement',
  summary: 'A customer’s statement: postings with running balances, a page at a time',
  access: readers,
  input: z
    .object({ customerId, assetId: assetId.optional(), from: isoTimestamp.optional(), to: isoTimestamp.optional(), afterId: z.number().int().nonnegative().optional(), limit: z.number().int().min(1).max(1000).default(200) })
    .strict(),
  output: z.object({ lines: z.array(statementLine), openingBalances: z.record(z.string(), minorAmount) }),
});

export const ledgerStatementCsv = defineCommand({
  name: 'ledger.statement.csv',
  summary: 'A customer’s statement for a period as CSV',
  access: readers,
  input: z.object({ customerId, assetId: assetId.optional(), from: isoTimestamp.optional(), to: isoTimestamp.optional() }).strict(),
  output: z.object({ fileName: z.string(), csv: z.string(), lines: z.number().int() }),
});

const exceptionView = z.object({
  id: z.string(),
  kind: z.enum(['balance_mismatch', 'reorg_shortfall']),
  assetId: z.string(),
  accountId: z.string(),
  accountCode: z.string(),
  difference: minorAmount,
  evidence: z.record(z.string(), z.unknown()),
  status: z.enum(['open', 'resolved']),
  openedAt: isoTimestamp,
  resolvedAt: isoTimestamp.nullable(),
  resolvedBy: z.string().nullable(),
  resolvedByUsername: z.string().nullable(),
  resolution: z.enum(['explained', 'adjusted']).nullable(),
  note: z.string().nullable(),
  /** An adjustment is waiting for a second person's approval. */
  pendingAdjustment: z.boolean(),
});

const adjustmentView = z.object({
  id: z.string(),
  exceptionId: z.string(),
  amount: minorAmount,
  note: z.string(),
  proposedBy: z.string(),
  proposedByUsername: z.string().nullable(),
  proposedAt: isoTimestamp,
  status: z.enum(['proposed', 'approved', 'rejected']),
  decidedBy: z.string().nullable(),
  decidedByUsername: z.string().nullable(),
  decidedAt: isoTimestamp.nullable(),
  decisionNote: z.string().nullable(),
  entrySeq: z.number().int().nullable(),
});

const reconcilers = { roles: ['custody_officer', 'compliance_officer'] as const };

export const reconSnapshotsImport = defineCommand({
  name: 'reconciliation.snapshots.import',
  summary: 'Compare an on-chain balance or UTXO snapshot with the ledger; differences open exceptions',
  access: custody,
  input: z
    .object({
      snapshotId: z.string().min(1).max(100),
      assetId,
      wallet: walletKind,
      chainBalance: decimalAmount,
      asOf: isoTimestamp,
      blockHeight: z.number().int().nonnegative().optional(),
      utxos: z.array(z.object({ txid, vout: z.number().int().min(0), amount: decimalAmount }).strict()).max(1_000_000).optional(),
      source: z.string().min(1).max(200),
    })
    .strict(),
  output: z.object({ ledgerBalance: minorAmount, chainBalance: minorAmount, difference: minorAmount, exceptionId: z.string().nullable() }),
});

export const reconExceptionsList = defineCommand({
  name: 'reconciliation.exceptions.list',
  summary: 'The reconciliation exception queue',
  access: readers,
  input: z.object({ status: z.enum(['open', 'resolved']).optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
  output: z.object({ exceptions: z.array(exceptionView) }),
});

export const reconExceptionsGet = defineCommand({
  name: 'reconciliation.exceptions.get',
  summary: 'One exception with its evidence and adjustments',
  access: readers,
  input: z.object({ id: z.string().min(1).max(64) }).strict(),
  output: z.object({ exception: exceptionView, adjustments: z.array(adjustmentView) }),
});

export const reconExceptionsExplain = defineCommand({
  name: 'reconciliation.exceptions.explain',
  summary: 'Resolve an exception that needs no entry, with a note saying why',
  access: reconcilers,
  input: z.object({ id: z.string().min(1).max(64), note }).strict(),
  output: z.object({ exception: exceptionView }),
});

export const reconAdjustmentsPropose = defineCommand({
  name: 'reconciliation.adjustments.propose',
  summary: 'Propose a correcting entry for an exception (a second person must approve it)',
  access: reconcilers,
  input: z.object({ exceptionId: z.string().min(1).max(64), amount: signedDecimalAmount, note }).strict(),
  output: z.object({ adjustment: adjustmentView }),
});

export const reconAdjustmentsApprove = defineCommand({
  name: 'reconciliation.adjustments.approve',
  summary: 'Approve someone else’s proposed adjustment: the entry is posted and the exception resolved',
  access: reconcilers,
  input: z.object({ adjustmentId: z.string().min(1).max(64), note: z.string().trim().max(2000).default('') }).strict(),
  output: z.object({ adjustment: adjustmentView, exception: exceptionView }),
});

export const reconAdjustmentsReject = defineCommand({
  name: 'reconciliation.adjustments.reject',
  summary: 'Reject a proposed adjustment',
  access: reconcilers,
  input: z.object({ adjustmentId: z.string().min(1).max(64), note }).strict(),
  output: z.object({ adjustment: adjustmentView }),
});
