import { VaultlineError } from '../errors';
import type { Bus, HandlerContext } from '../bus/bus';
import type { Clock } from '../platform/clock';
import type { ConsoleService } from '../services/console.service';
import type { ReadableDB } from '../db/database';
import { getMeta } from '../db/meta.repository';
import { getAsset } from '../db/ledger.repository';
import { findOperatorById } from '../db/operators.repository';
import {
  approvalsOf,
  breakers,
  findAddress,
  findWallet,
  insertAllowlist,
  listAllowlist,
  withdrawalCounts,
  withdrawalsPage,
  setBreaker,
  setNonce,
  upsertUtxo,
  type AddressRow,
  type WalletRow,
  type WithdrawalRow,
  type WithdrawalState,
} from '../db/custody.repository';
import { withdrawalStates } from '../../src-shared/commands/custody.commands';
import { parsePreviousTransaction, validateAddress } from '../chains';
import { policyFacts } from '../custody/approval';
import type { PolicyService } from '../custody/policy.service';
import { verifyQuorum } from '../custody/quorum';
import type { WalletsService } from '../custody/wallets.service';
import type { WithdrawalsService } from '../custody/withdrawals.service';
import { amountOf } from './ledger.handlers';
import { actor } from './session.handlers';
import { randomBytes } from 'node:crypto';
import { parseAmount } from '../../src-shared/money';

export interface CustodyModule {
  readonly wallets: WalletsService;
  readonly withdrawals: WithdrawalsService;
  readonly policies: PolicyService;
}

function walletView(db: ReadableDB, w: WalletRow, addresses: number) {
  return { id: w.id, assetId: w.assetId, chain: w.chain, network: w.network, role: w.role, scheme: w.scheme, label: w.label, accountXpub: w.accountXpub, addresses, createdAt: w.createdAt };
}

const addressView = (a: AddressRow) => ({ address: a.address, walletId: a.walletId, index: a.index, purpose: a.purpose, publicKey: a.publicKey, customerId: a.customerId, exported: a.exportedAt !== null });

function withdrawalView(db: ReadableDB, w: WithdrawalRow) {
  return {
    id: w.id,
    source: w.source,
    requestRef: w.requestRef,
    customerId: w.customerId,
    assetId: w.assetId,
    walletId: w.walletId,
    amount: w.amount,
    destination: w.destination,
    feeCap: w.feeCap,
    usdCents: w.usdCents,
    state: w.state,
    policyVersion: w.policyVersion,
    ruleName: w.ruleName,
    initiator: w.initiatorId ? (findOperatorById(db, w.initiatorId)?.username ?? w.initiatorId) : null,
    expiresAt: w.expiresAt,
    createdAt: w.createdAt,
    rejectionReason: w.rejectionReason,
    txid: w.txid,
    networkFee: w.networkFee,
  };
}

/** A page cursor: the last row's creation time and id, as opaque text for the front end. */
const cursorOf = (w: WithdrawalRow): string => Buffer.from(`${w.createdAt}|${w.id}`, 'utf8').toString('base64url');

function parseCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !/^wd_[0-9a-f]{16}$/.test(id)) {
    throw new VaultlineError('VALIDATION', 'The page cursor is not one this console gave out.', { issues: [{ path: 'cursor', message: 'not a cursor from custody.withdrawals.list' }] });
  }
  return { createdAt, id };
}

export function registerCustodyHandlers(bus: Bus, console: ConsoleService, m: CustodyModule, clock: Clock): void {
  const db = () => console.requireDb();
  const by = (ctx: HandlerContext) => `operator:${actor(ctx).username}`;

  bus.register('custody.wallets.create', (input, ctx) => {
    const { wallet, change } = m.wallets.create(db(), input, by(ctx));
    return { wallet: walletView(db(), wallet, 1), changeAddress: change.address };
  });

  bus.register('custody.wallets.list', () => ({ wallets: m.wallets.list(db()).map((w) => walletView(db(), w, m.wallets.addresses(db(), w.id).length)) }));

  bus.register('custody.addresses.new', (input) => ({ addresses: m.wallets.newAddresses(db(), input.walletId, input.count, input.customerId ?? null).map(addressView) }));

  bus.register('custody.addresses.list', (input) => {
    if (!findWallet(db(), input.walletId)) throw new VaultlineError('NOT_FOUND', `No wallet ${input.walletId}.`);
    return { addresses: m.wallets.addresses(db(), input.walletId).map(addressView) };
  });

  bus.register('custody.keys.inventory', () => ({ keys: m.wallets.inventory(db()) }));

  bus.register('custody.utxos.import', (input) => {
    const now = clock.now().toISOString();
    input.utxos.forEach((u, i) => {
      const address = findAddress(db(), u.address);
      if (!address) throw new VaultlineError('NOT_FOUND', `${u.address} is not an address of any wallet.`, { issues: [{ path: `utxos.${i}.address`, message: 'not ours' }] });
      const wallet = findWallet(db(), address.walletId)!;
      const asset = getAsset(db(), wallet.assetId)!;
      if (asset.chain !== 'bitcoin') throw new VaultlineError('VALIDATION', `${u.address} is not a Bitcoin address.`, { issues: [{ path: `utxos.${i}.address`, message: 'not Bitcoin' }] });
      // The full previous transaction must be the one the outpoint names (BIP174 non_witness_utxo).
      const prev = parsePreviousTransaction(Buffer.from(u.prevTxHex, 'hex'), `utxos.${i}.prevTxHex`);
      if (prev.txid !== u.txid) throw new VaultlineError('VALIDATION', `utxos.${i}: the previous transaction hashes to ${prev.txid}, not ${u.txid}.`, { issues: [{ path: `utxos.${i}.prevTxHex`, message: 'txid mismatch' }] });
      const amount = amountOf(db(), asset.id, u.amount, `utxos.${i}.amount`);
      if (prev.outputs[u.vout]?.amount !== amount) throw new VaultlineError('VALIDATION', `utxos.${i}: output ${u.vout} of the previous transaction does not hold ${u.amount}.`, { issues: [{ path: `utxos.${i}.amount`, message: 'does not match the previous transaction' }] });
      upsertUtxo(db(), { txid: u.txid, vout: u.vout, walletId: wallet.id, address: u.address, amount: amount.toString(), prevTxHex: u.prevTxHex, status: 'available', reservedBy: null, seenAt: now });
    });
    return { imported: input.utxos.length };
  });

  bus.register('custody.nonces.set', (input) => {
    setNonce(db(), input.address.toLowerCase(), input.nextNonce, clock.now().toISOString());
    return { address: input.address, nextNonce: input.nextNonce };
  });

  bus.register('custody.prices.set', (input) => {
    if (!getAsset(db(), input.assetId)) throw new VaultlineError('NOT_FOUND', `Unknown asset "${input.assetId}".`);
    // USD has two decimals: the price is kept as cents per whole unit.
    let cents: bigint;
    try {
      cents = parseAmount(input.usdPerUnit, 2, 'usdPerUnit');
    } catch (error) {
      throw new VaultlineError('VALIDATION', error instanceof Error ? error.message : 'usdPerUnit is not a price', { issues: [{ path: 'usdPerUnit', message: 'at most 2 decimals' }] });
    }
    // Refused (nothing recorded) when dated more than a few minutes ahead of the console clock.
    const held = m.withdrawals.recordPrice(db(), { assetId: input.assetId, usdCentsPerUnit: cents, asOf: input.asOf, source: input.source });
    return { assetId: input.assetId, usdCentsPerUnit: held.usdCentsPerUnit, asOf: held.asOf, recorded: held.asOf === input.asOf && held.usdCentsPerUnit === cents.toString() };
  });

  bus.register('custody.withdrawals.create', (input, ctx) => {
    const w = m.withdrawals.create(
      db(),
      {
        source: 'console',
        requestRef: input.requestRef,
        customerId: input.customerId ?? null,
        assetId: input.assetId,
        amount: amountOf(db(), input.assetId, input.amount, 'amount'),
        feeCap: amountOf(db(), input.assetId, input.feeCap, 'feeCap'),
        destination: input.destination,
        walletId: input.walletId,
        walletRole: input.walletRole,
      },
      actor(ctx),
    );
    return { withdrawal: withdrawalView(db(), w) };
  });

  bus.register('custody.withdrawals.list', (input) => {
    const filter = { states: input.states, assetId: input.assetId, customerId: input.customerId, walletId: input.walletId };
    const rows = withdrawalsPage(db(), filter, input.limit + 1, input.cursor === undefined ? undefined : parseCursor(input.cursor));
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    const counts = Object.fromEntries(withdrawalStates.map((s) => [s, 0])) as Record<WithdrawalState, number>;
    for (const c of withdrawalCounts(db(), filter)) counts[c.state] = c.count;
    return { withdrawals: page.map((w) => withdrawalView(db(), w)), nextCursor: rows.length > input.limit && last ? cursorOf(last) : null, counts };
  });

  bus.register('custody.withdrawals.get', (input) => {
    const w = m.withdrawals.require(db(), input.id);
    const identity = console.identity!;
    const facts = policyFacts(w);
    const approvals = approvalsOf(db(), w.id);
    const verdict = verifyQuorum(db(), w, approvals, facts.require, { consoleId: getMeta(db(), 'console_id') ?? '', identitySpki: identity.spki, now: clock.now().toISOString() });
    return {
      withdrawal: withdrawalView(db(), w),
      decimals: getAsset(db(), w.assetId)?.decimals ?? 0,
      prechecks: JSON.parse(w.prechecks) as { name: string; outcome: 'pass' | 'block'; detail: string }[],
      approvals: approvals.map((a) => {
        const problem = verdict.rejected.find((r) => r.operatorId === a.operatorId)?.reason ?? null;
        return { operatorId: a.operatorId, username: findOperatorById(db(), a.operatorId)?.username ?? a.operatorId, role: a.role, approvedAt: a.approvedAt, expiresAt: a.expiresAt, valid: problem === null, problem };
      }),
      missing: verdict.missing,
      required: facts.require,
      signedTx: w.signedTx,
    };
  });

  bus.register('custody.withdrawals.approve', (input, ctx) => {
    const w = m.withdrawals.approve(db(), input.id, actor(ctx), input.tokenPin);
    return { withdrawal: withdrawalView(db(), w), quorumComplete: w.state === 'approved' };
  });

  bus.register('custody.withdrawals.reject', (input) => ({ withdrawal: withdrawalView(db(), m.withdrawals.reject(db(), input.id, input.reason)) }));

  bus.register('custody.withdrawals.sign', (input, ctx) => {
    const w = m.withdrawals.sign(db(), input.id, actor(ctx));
    return { withdrawal: withdrawalView(db(), w), signedTx: w.signedTx!, txid: w.txid! };
  });

  bus.register('custody.withdrawals.receipt', (input) => {
    const w = m.withdrawals.require(db(), input.id);
    return { withdrawal: withdrawalView(db(), m.withdrawals.settle(db(), w.id, input.txid, amountOf(db(), w.assetId, input.networkFee, 'networkFee'))) };
  });

  bus.register('custody.withdrawals.expire', () => ({ expired: m.withdrawals.expireDue(db()).map((w) => w.id) }));

  bus.register('custody.breaker.set', (input, ctx) => {
    const row = { scope: input.scope, halted: input.halted, reason: input.reason, changedBy: actor(ctx).username, changedAt: clock.now().toISOString() };
    setBreaker(db(), row);
    return { breaker: row };
  });

  bus.register('custody.breaker.list', () => ({ breakers: breakers(db()) }));

  bus.register('custody.allowlist.add', (input, ctx) => {
    const asset = getAsset(db(), input.assetId);
    if (!asset) throw new VaultlineError('NOT_FOUND', `Unknown asset "${input.assetId}".`);
    const check = validateAddress(asset.chain, asset.network, input.address);
    if (!check.ok) throw new VaultlineError('VALIDATION', `Not a valid ${asset.network} ${asset.chain} address: ${check.message}`, { issues: [{ path: 'address', message: check.message }] });
    const policy = m.policies.active(db());
    const now = clock.now();
    const entry = {
      id: `al_${randomBytes(8).toString('hex')}`,
      chain: asset.chain,
      network: asset.network,
      address: check.address,
      label: input.label,
      addedBy: actor(ctx).username,
      addedAt: now.toISOString(),
      usableFrom: new Date(now.getTime() + policy.allowlistLockInHours * 3_600_000).toISOString(),
      removedAt: null,
    };
    insertAllowlist(db(), entry);
    return { entry };
  });

  bus.register('custody.allowlist.list', () => ({ entries: listAllowlist(db()) }));

  bus.register('custody.policy.get', () => {
    const policy = m.policies.active(db());
    return { version: policy.version, document: policy as unknown as Record<string, unknown> };
  });

  bus.register('custody.policy.list', () => ({ policies: m.policies.list(db()).map((p) => ({ version: p.version, status: p.status, sha256: p.sha256, proposedBy: p.proposedBy, proposedAt: p.proposedAt, activatedAt: p.activatedAt })) }));

  bus.register('custody.policy.propose', (input, ctx) => {
    const p = m.policies.propose(db(), input.document, actor(ctx));
    return { policy: { version: p.version, status: p.status, sha256: p.sha256, proposedBy: p.proposedBy, proposedAt: p.proposedAt, activatedAt: p.activatedAt } };
  });

  bus.register('custody.policy.approve', (input, ctx) => {
    const { row: p, activated } = m.policies.approve(db(), input.version, actor(ctx), input.tokenPin);
    return { policy: { version: p.version, status: p.status, sha256: p.sha256, proposedBy: p.proposedBy, proposedAt: p.proposedAt, activatedAt: p.activatedAt }, activated };
  });
}
