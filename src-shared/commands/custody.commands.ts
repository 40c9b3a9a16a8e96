import { z } from 'zod';
import { defineCommand } from './define';
import { isoTimestamp, pin } from '../schemas';
import { decimalAmount, minorAmount } from './ledger.commands';

const assetId = z.string().regex(/^[A-Z0-9]{2,12}$/, 'must be an asset id such as BTC or ETH');
const ref = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be a reference (letters, digits, _ . : -)');
const withdrawalId = z.string().regex(/^wd_[0-9a-f]{16}$/, 'must be a withdrawal id (wd_…)');
const walletId = z.string().regex(/^wal_[0-9a-f]{16}$/, 'must be a wallet id (wal_…)');
const reason = z.string().trim().min(10, 'must give the reason in at least 10 characters').max(2000);
const address = z.string().trim().min(14).max(100);

const custody = { roles: ['custody_officer'] as const };
const approvers = { roles: ['custody_officer', 'compliance_officer'] as const };
const viewers = { roles: ['custody_officer', 'compliance_officer', 'compliance_analyst', 'auditor'] as const };

export const walletView = z.object({
  id: z.string(),
  assetId: z.string(),
  chain: z.enum(['bitcoin', 'ethereum']),
  network: z.string(),
  role: z.enum(['hot', 'cold']),
  scheme: z.enum(['hsm', 'bip32']),
  label: z.string(),
  accountXpub: z.string().nullable(),
  addresses: z.number().int(),
  createdAt: isoTimestamp,
});

export const addressView = z.object({ address: z.string(), walletId: z.string(), index: z.number().int(), purpose: z.enum(['deposit', 'change']), publicKey: z.string(), customerId: z.string().nullable(), exported: z.boolean() });

export const custodyWalletsCreate = defineCommand({
  name: 'custody.wallets.create',
  summary: 'Create a wallet: keys made in the HSM (one per address), or an HD seed made in the HSM and kept wrapped',
  access: custody,
  input: z.object({ assetId, role: z.enum(['hot', 'cold']), scheme: z.enum(['hsm', 'bip32']), label: z.string().trim().min(1).max(80) }).strict(),
  output: z.object({ wallet: walletView, changeAddress: z.string() }),
});

export const custodyWalletsList = defineCommand({
  name: 'custody.wallets.list',
  summary: 'Wallets by asset and role',
  access: viewers,
  input: z.object({}).strict(),
  output: z.object({ wallets: z.array(walletView) }),
});

export const custodyAddressesNew = defineCommand({
  name: 'custody.addresses.new',
  summary: 'Derive new deposit addresses (a pool, or one for a customer); exported in the next outbound bundle',
  access: custody,
  input: z.object({ walletId, count: z.number().int().min(1).max(1000).default(1), customerId: ref.optional() }).strict(),
  output: z.object({ addresses: z.array(addressView) }),
});

export const custodyAddressesList = defineCommand({
  name: 'custody.addresses.list',
  summary: 'A wallet’s addresses',
  access: viewers,
  input: z.object({ walletId }).strict(),
  output: z.object({ addresses: z.array(addressView) }),
});

export const custodyKeysInventory = defineCommand({
  name: 'custody.keys.inventory',
  summary: 'Every custody key: public parts and fingerprints only',
  access: { roles: ['custody_officer', 'auditor'] },
  input: z.object({}).strict(),
  output: z.object({ keys: z.array(z.object({ walletId: z.string(), scheme: z.enum(['hsm', 'bip32']), reference: z.string(), publicKey: z.string(), fingerprint: z.string(), address: z.string().nullable() })) }),
});

export const custodyUtxosImport = defineCommand({
  name: 'custody.utxos.import',
  summary: 'Record spendable Bitcoin outputs of a wallet, each with its full previous transaction',
  access: custody,
  input: z
    .object({
      utxos: z
        .array(z.object({ txid: z.string().regex(/^[0-9a-f]{64}$/), vout: z.number().int().min(0), address, amount: decimalAmount, prevTxHex: z.string().regex(/^([0-9a-f]{2})+$/).max(2_000_000) }).strict())
        .min(1)
        .max(10_000),
    })
    .strict(),
  output: z.object({ imported: z.number().int() }),
});

export const custodyNoncesSet = defineCommand({
  name: 'custody.nonces.set',
  summary: 'The next nonce of an Ethereum wallet address, as the online node sees it',
  access: custody,
  input: z.object({ address: z.string().regex(/^0x[0-9a-fA-F]{40}$/), nextNonce: z.number().int().min(0) }).strict(),
  output: z.object({ address: z.string(), nextNonce: z.number().int() }),
});

export const custodyPricesSet = defineCommand({
  name: 'custody.prices.set',
  summary: 'Record a market price for USD valuation (normally arrives in a bundle); a price older than the one held is not taken, and one dated more than 5 minutes ahead of the console clock is refused',
  access: custody,
  input: z.object({ assetId, usdPerUnit: decimalAmount, asOf: isoTimestamp, source: z.string().min(1).max(100) }).strict(),
  /** The price held afterwards; `recorded` is false when a newer one was already held. */
  output: z.object({ assetId: z.string(), usdCentsPerUnit: z.string(), asOf: isoTimestamp, recorded: z.boolean() }),
});

const precheckView = z.object({ name: z.string(), outcome: z.enum(['pass', 'block']), detail: z.string() });
const approvalView = z.object({ operatorId: z.string(), username: z.string(), role: z.string(), approvedAt: isoTimestamp, expiresAt: isoTimestamp, valid: z.boolean(), problem: z.string().nullable() });

export const withdrawalView = z.object({
  id: z.string(),
  source: z.enum(['bundle', 'console']),
  requestRef: z.string().nullable(),
  customerId: z.string().nullable(),
  assetId: z.string(),
  walletId: z.string(),
  amount: minorAmount,
  destination: z.string(),
  feeCap: minorAmount,
  usdCents: minorAmount,
  state: z.enum(['blocked', 'pending_approval', 'approved', 'signed', 'broadcast', 'settled', 'rejected', 'expired']),
  policyVersion: z.number().int(),
  ruleName: z.string().nullable(),
  initiator: z.string().nullable(),
  expiresAt: isoTimestamp,
  createdAt: isoTimestamp,
  rejectionReason: z.string().nullable(),
  txid: z.string().nullable(),
  networkFee: minorAmount.nullable(),
});

export const custodyWithdrawalsCreate = defineCommand({
  name: 'custody.withdrawals.create',
  summary: 'Open a withdrawal (a treasury move, or a customer request entered at the console)',
  access: custody,
  // `walletId` names the source wallet; `walletRole` (the asset's first wallet of that role, hot by
  // default) remains for callers that do not know wallet ids (CLI, bundle requests).
  input: z
    .object({ assetId, amount: decimalAmount, destination: address, feeCap: decimalAmount, walletId: walletId.optional(), walletRole: z.enum(['hot', 'cold']).optional(), customerId: ref.optional(), requestRef: ref.optional() })
    .strict(),
  output: z.object({ withdrawal: withdrawalView }),
});

export const withdrawalStates = withdrawalView.shape.state.options;

export const custodyWithdrawalsList = defineCommand({
  name: 'custody.withdrawals.list',
  summary: 'Withdrawals newest first, a page at a time, filtered by state, asset, customer and wallet, with the count per state',
  access: viewers,
  input: z
    .object({
      states: z.array(withdrawalView.shape.state).optional(),
      assetId: assetId.optional(),
      customerId: ref.optional(),
      walletId: walletId.optional(),
      limit: z.number().int().min(1).max(1000).default(200),
      /** `nextCursor` of the previous page. */
      cursor: z.string().max(200).optional(),
    })
    .strict(),
  output: z.object({
    withdrawals: z.array(withdrawalView),
    /** Pass as `cursor` for the next page; null after the last. */
    nextCursor: z.string().nullable(),
    /** Withdrawals in each state under the asset, customer and wallet filters (not the state filter). */
    counts: z.record(withdrawalView.shape.state, z.number().int()),
  }),
});

export const custodyWithdrawalsGet = defineCommand({
  name: 'custody.withdrawals.get',
  summary: 'A withdrawal: exactly what will be signed, its checks, approvals so far and what is still needed',
  access: viewers,
  input: z.object({ id: withdrawalId }).strict(),
  output: z.object({
    withdrawal: withdrawalView,
    decimals: z.number().int(),
    prechecks: z.array(precheckView),
    approvals: z.array(approvalView),
    missing: z.array(z.object({ role: z.string(), count: z.number().int(), senior: z.number().int() })),
    required: z.array(z.object({ role: z.string(), count: z.number().int(), senior: z.number().int().optional() })),
    signedTx: z.string().nullable(),
  }),
});

export const custodyWithdrawalsApprove = defineCommand({
  name: 'custody.withdrawals.approve',
  summary: 'Approve with your own token: it signs the exact withdrawal',
  access: approvers,
  secrets: ['tokenPin'],
  input: z.object({ id: withdrawalId, tokenPin: pin }).strict(),
  output: z.object({ withdrawal: withdrawalView, quorumComplete: z.boolean() }),
});

export const custodyWithdrawalsReject = defineCommand({
  name: 'custody.withdrawals.reject',
  summary: 'Reject a withdrawal with a reason; its hold is released',
  access: approvers,
  input: z.object({ id: withdrawalId, reason }).strict(),
  output: z.object({ withdrawal: withdrawalView }),
});

export const custodyWithdrawalsSign = defineCommand({
  name: 'custody.withdrawals.sign',
  summary: 'Have the HSM sign an approved withdrawal (the quorum is re-verified first); signing again returns the same transaction',
  access: custody,
  input: z.object({ id: withdrawalId }).strict(),
  output: z.object({ withdrawal: withdrawalView, signedTx: z.string(), txid: z.string() }),
});

export const custodyWithdrawalsReceipt = defineCommand({
  name: 'custody.withdrawals.receipt',
  summary: 'Record a broadcast receipt: settles the ledger hold with the actual network fee',
  access: custody,
  input: z.object({ id: withdrawalId, txid: z.string().regex(/^(0x)?[0-9a-f]{64}$/), networkFee: decimalAmount }).strict(),
  output: z.object({ withdrawal: withdrawalView }),
});

export const custodyWithdrawalsExpire = defineCommand({
  name: 'custody.withdrawals.expire',
  summary: 'Expire withdrawals past their deadline and release their holds',
  access: custody,
  input: z.object({}).strict(),
  output: z.object({ expired: z.array(z.string()) }),
});

export const breakerView = z.object({ scope: z.string(), halted: z.boolean(), reason: z.string(), changedBy: z.string(), changedAt: isoTimestamp });

export const custodyBreakerSet = defineCommand({
  name: 'custody.breaker.set',
  summary: 'Halt or resume withdrawals of every asset (*) or one asset, with a reason',
  access: { roles: ['admin', 'compliance_officer'] },
  input: z.object({ scope: z.union([z.literal('*'), assetId]), halted: z.boolean(), reason }).strict(),
  output: z.object({ breaker: breakerView }),
});

export const custodyBreakerList = defineCommand({
  name: 'custody.breaker.list',
  summary: 'Circuit breaker state',
  access: { roles: ['admin', 'compliance_officer', 'custody_officer', 'auditor'] },
  input: z.object({}).strict(),
  output: z.object({ breakers: z.array(breakerView) }),
});

export const allowlistView = z.object({ id: z.string(), chain: z.string(), network: z.string(), address: z.string(), label: z.string(), addedBy: z.string(), addedAt: isoTimestamp, usableFrom: isoTimestamp });

export const custodyAllowlistAdd = defineCommand({
  name: 'custody.allowlist.add',
  summary: 'Add a destination to the allow-list; usable only after the lock-in delay (default 48 h)',
  access: approvers,
  input: z.object({ assetId, address, label: z.string().trim().min(1).max(80) }).strict(),
  output: z.object({ entry: allowlistView }),
});

export const custodyAllowlistList = defineCommand({
  name: 'custody.allowlist.list',
  summary: 'Allow-listed destinations',
  access: viewers,
  input: z.object({}).strict(),
  output: z.object({ entries: z.array(allowlistView) }),
});

export const custodyPolicyGet = defineCommand({
  name: 'custody.policy.get',
  summary: 'The active quorum policy',
  access: { roles: ['custody_officer', 'compliance_officer', 'auditor', 'admin'] },
  input: z.object({}).strict(),
  output: z.object({ version: z.number().int(), document: z.record(z.string(), z.unknown()) }),
});

const policyRowView = z.object({ version: z.number().int(), status: z.enum(['proposed', 'active', 'superseded', 'rejected']), sha256: z.string(), proposedBy: z.string(), proposedAt: isoTimestamp, activatedAt: isoTimestamp.nullable() });

export const custodyPolicyList = defineCommand({
  name: 'custody.policy.list',
  summary: 'Every quorum policy version, with its status',
  access: { roles: ['custody_officer', 'compliance_officer', 'auditor', 'admin'] },
  input: z.object({}).strict(),
  output: z.object({ policies: z.array(policyRowView) }),
});

export const custodyPolicyPropose = defineCommand({
  name: 'custody.policy.propose',
  summary: 'Propose a new quorum policy version; it takes effect only when the current policy’s quorum approves it',
  access: approvers,
  input: z.object({ document: z.record(z.string(), z.unknown()) }).strict(),
  output: z.object({ policy: policyRowView }),
});

export const custodyPolicyApprove = defineCommand({
  name: 'custody.policy.approve',
  summary: 'Approve a proposed policy version with your own token',
  access: approvers,
  secrets: ['tokenPin'],
  input: z.object({ version: z.number().int().positive(), tokenPin: pin }).strict(),
  output: z.object({ policy: policyRowView, activated: z.boolean() }),
});
