/**
 * The withdrawal workflow: a request arrives (inbound bundle, or a treasury move made at the
 * console), pre-checks run, the quorum policy says who must approve, approvers sign with their own
 * tokens, the signing module signs with the HSM, the signed transaction leaves in the next outbound
 * bundle, and the broadcast receipt settles the ledger hold. Rejection or expiry releases it.
 */
import { formatUsdCents } from '../../src-shared/money';
import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../../src-shared/canonical';
import { appendAudit } from '../db/audit.repository';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { ReadableDB, WritableDB } from '../db/database';
import { getMeta } from '../db/meta.repository';
import { getAsset, readBalance, type AssetRow } from '../db/ledger.repository';
import { findHoldByReference, insertHold, updateHold } from '../db/reconciliation.repository';
import { WITHDRAWAL } from '../ledger/holds.service';
import {
  allowlisted,
  approvalsOf,
  dueToExpire,
  findWallet,
  findWithdrawal,
  findWithdrawalByRequest,
  getPrice,
  insertApproval,
  insertWithdrawal,
  setBreaker,
  setPrice,
  updateWithdrawal,
  walletFor,
  withdrawalsSince,
  type WalletRow,
  type WithdrawalRow,
} from '../db/custody.repository';
import { findOperatorById } from '../db/operators.repository';
import { signWithOperatorKey } from '../hsm/operator.keystore';
import type { LedgerModule } from '../ledger/ledger.module';
import type { ConsoleService } from '../services/console.service';
import type { SessionOperator } from '../services/sessions.service';
import { approvalBody, approvalText, derHex, policyFacts, type PolicyFacts } from './approval';
import { evaluatePolicy } from './policy';
import type { PolicyService } from './policy.service';
import { LIMITS, type Precheck, type PrecheckOutcome, type WithdrawalDraft } from './prechecks';
import { verifyQuorum } from './quorum';
import type { SigningModule } from './signing.module';
import type { CustodyOutbound } from './custody.item-handlers';

export interface WithdrawalRequest {
  readonly source: 'bundle' | 'console';
  readonly requestRef?: string | undefined;
  readonly customerId: string | null;
  readonly assetId: string;
  readonly amount: bigint;
  readonly feeCap: bigint;
  readonly destination: string;
  /** The wallet to spend from. A treasury move names it; a request without one uses the asset's first wallet of `walletRole`. */
  readonly walletId?: string | undefined;
  readonly walletRole?: 'hot' | 'cold' | undefined;
}

/**
 * How old a market price may be and still value a withdrawal (resources/withdrawal-limits.json,
 * `maxPriceAgeMinutes`). The valuation chooses the approval tier, so a stale price could put a
 * large withdrawal in a small tier; prices reach the air-gapped console in the online node's
 * bundles, hence minutes, not seconds.
 */
export const MAX_PRICE_AGE_MINUTES = LIMITS.maxPriceAgeMinutes;

/**
 * How far ahead of the console clock a price's `asOf` may be. The online node and the air-gapped
 * console keep their own clocks, so a few minutes of skew are normal; a price dated further ahead is
 * a wrong clock or a crafted quote. Such a price is refused when it arrives (`checkPriceDate`): held,
 * it would look fresh for as long as its date stays ahead (the age check alone sees a negative age),
 * and, being the newest by date, no honest price could replace it.
 */
export const MAX_PRICE_AHEAD_MINUTES = 5;

/** The latest `asOf` a price may carry at `now` (ISO-8601, the format every stored `asOf` has). */
export const latestPriceDate = (now: Date): string => new Date(now.getTime() + MAX_PRICE_AHEAD_MINUTES * 60_000).toISOString();

/**
 * Refuse a price dated more than `MAX_PRICE_AHEAD_MINUTES` ahead of the console clock (or not a
 * date at all), naming the field; nothing is recorded. `custody.prices.set` and the `market-prices`
 * bundle item both record prices through `WithdrawalsService.recordPrice`, which calls this.
 */
export function checkPriceDate(asOf: string, now: Date, field: string): void {
  const at = Date.parse(asOf);
  if (Number.isNaN(at)) throw new VaultlineError('VALIDATION', `\`${field}\` must be an ISO-8601 timestamp, got "${asOf}".`, { issues: [{ path: field, message: 'not a timestamp' }] });
  const aheadMinutes = (at - now.getTime()) / 60_000;
  if (aheadMinutes > MAX_PRICE_AHEAD_MINUTES) {
    throw new VaultlineError(
      'VALIDATION',
      `\`${field}\` is ${asOf}, ${Math.ceil(aheadMinutes)} minutes ahead of the console clock (${now.toISOString()}); a price may be dated at most ${MAX_PRICE_AHEAD_MINUTES} minutes ahead. Check the online node's clock and this console's; nothing was recorded.`,
      { issues: [{ path: field, message: `more than ${MAX_PRICE_AHEAD_MINUTES} minutes ahead of the console clock` }] },
    );
  }
}

/** Why a price cannot value a withdrawal at `now`, or undefined when it can. */
export function stalePrice(price: { asOf: string } | undefined, assetId: string, now: Date): string | undefined {
  if (!price) return `no market price for ${assetId}: the policy tier cannot be chosen`;
  const at = Date.parse(price.asOf);
  if (Number.isNaN(at)) return `the ${assetId} price's date "${price.asOf}" is not a timestamp: record a fresh price (a market-prices bundle from the online node)`;
  // A price from the future has no age to judge: it is not fresh, it is wrong (or the console clock is).
  if (at > now.getTime() + MAX_PRICE_AHEAD_MINUTES * 60_000) {
    return `the ${assetId} price is dated ${price.asOf}, ahead of the console clock (${now.toISOString()}) by more than ${MAX_PRICE_AHEAD_MINUTES} minutes, so its age cannot be judged: check the console clock, then record a current price (a market-prices bundle from the online node)`;
  }
  const ageMinutes = Math.floor((now.getTime() - at) / 60_000);
  if (ageMinutes > MAX_PRICE_AGE_MINUTES) {
    return `the ${assetId} price is from ${price.asOf}, ${ageMinutes} minutes old; a valuation uses prices at most ${MAX_PRICE_AGE_MINUTES} minutes old: record a fresh price (a market-prices bundle from the online node)`;
  }
  return undefined;
}

/** USD cents of `amount` minor units at the latest market price, rounded down. */
export function usdCentsOf(asset: AssetRow, amount: bigint, centsPerUnit: bigint): bigint {
  return (amount * centsPerUnit) / 10n ** BigInt(asset.decimals);
}

/**
 * Whether a customer may still have withdrawals approved and signed now (the KYC gate): a reason
 * when not. Checked again at every approval and before the first signature, not only when the
 * withdrawal opens, so a file that lapses or gets a sanctions hit meanwhile stops it.
 */
export type CustomerGate = (db: ReadableDB, customerId: string, now: Date) => string | undefined;

export class WithdrawalsService {
  constructor(
    private readonly clock: Clock,
    private readonly console: ConsoleService,
    private readonly ledger: LedgerModule,
    private readonly policies: PolicyService,
    private readonly prechecks: readonly Precheck[],
    private readonly signing: SigningModule,
    private readonly operatorModulePath: () => string,
    private readonly outbound: CustodyOutbound,
    private readonly customerGate: CustomerGate = () => undefined,
  ) {}

  private checkCustomer(db: WritableDB, w: WithdrawalRow, step: string): void {
    if (w.customerId === null) return;
    const refusal = this.customerGate(db, w.customerId, this.clock.now());
    if (refusal) throw new VaultlineError('FORBIDDEN', `Withdrawal ${w.id} cannot be ${step}: ${refusal}.`);
  }

  /**
   * Record a market price (console command or inbound bundle) at the console clock: one dated too far
   * ahead is refused (`checkPriceDate`, nothing changed); otherwise it becomes the asset's latest
   * unless the price held is newer. A held price itself too far ahead (recorded before this check, or
   * the console clock was set back since) does not count as newer, so it cannot pin the asset's price.
   * Returns the price held afterwards.
   */
  recordPrice(db: WritableDB, price: { assetId: string; usdCentsPerUnit: bigint; asOf: string; source: string }, field = 'asOf'): ReturnType<typeof setPrice> {
    const now = this.clock.now();
    checkPriceDate(price.asOf, now, field);
    return setPrice(db, { assetId: price.assetId, usdCentsPerUnit: price.usdCentsPerUnit.toString(), asOf: price.asOf, source: price.source }, latestPriceDate(now));
  }

  require(db: WritableDB, id: string): WithdrawalRow {
    const w = findWithdrawal(db, id);
    if (!w) throw new VaultlineError('NOT_FOUND', `No withdrawal ${id}.`);
    return w;
  }

  /** Open a withdrawal: pre-checks, policy, hold. A failed check leaves it blocked, with the reason. */
  create(db: WritableDB, request: WithdrawalRequest, initiator: SessionOperator | null): WithdrawalRow {
    if (request.amount <= 0n) throw new VaultlineError('VALIDATION', 'A withdrawal amount must be positive.', { issues: [{ path: 'amount', message: 'must be positive' }] });
    if (request.feeCap < 0n) throw new VaultlineError('VALIDATION', 'A fee cap cannot be negative.', { issues: [{ path: 'feeCap', message: 'must not be negative' }] });
    if (request.requestRef) {
      const existing = findWithdrawalByRequest(db, request.source, request.requestRef);
      if (existing) {
        const same = existing.assetId === request.assetId && existing.amount === request.amount.toString() && existing.destination === request.destination && existing.feeCap === request.feeCap.toString();
        if (!same) throw new VaultlineError('DUPLICATE', `Withdrawal request ${request.requestRef} was already received with different content; nothing was changed.`);
        return existing;
      }
    }
    const asset = getAsset(db, request.assetId);
    if (!asset) throw new VaultlineError('NOT_FOUND', `Unknown asset "${request.assetId}".`, { issues: [{ path: 'assetId', message: 'unknown asset' }] });
    let wallet: WalletRow | undefined;
    if (request.walletId) {
      wallet = findWallet(db, request.walletId);
      if (!wallet) throw new VaultlineError('NOT_FOUND', `No wallet ${request.walletId}.`, { issues: [{ path: 'walletId', message: 'unknown wallet' }] });
      if (wallet.assetId !== asset.id) throw new VaultlineError('VALIDATION', `Wallet ${wallet.label} holds ${wallet.assetId}, not ${asset.id}.`, { issues: [{ path: 'walletId', message: `not a ${asset.id} wallet` }] });
      if (request.walletRole && request.walletRole !== wallet.role) throw new VaultlineError('VALIDATION', `Wallet ${wallet.label} is a ${wallet.role} wallet, not ${request.walletRole}.`, { issues: [{ path: 'walletRole', message: `the wallet is ${wallet.role}` }] });
    } else {
      const role = request.walletRole ?? 'hot';
      wallet = walletFor(db, asset.id, role);
      if (!wallet) throw new VaultlineError('NOT_FOUND', `There is no ${role} wallet for ${asset.id}; create one first.`);
    }
    const walletRole = wallet.role;
    const now = this.clock.now();
    const at = now.toISOString();
    const policy = this.policies.active(db);
    const id = `wd_${randomBytes(8).toString('hex')}`;
    const price = getPrice(db, asset.id);
    const priceProblem = stalePrice(price, asset.id, now);
    const usdCents = price ? usdCentsOf(asset, request.amount, BigInt(price.usdCentsPerUnit)) : 0n;
    const destinationAllowlisted = (() => {
      const entry = allowlisted(db, asset.chain, asset.network, request.destination);
      return entry !== undefined && entry.usableFrom <= at;
    })();
    const draft: WithdrawalDraft = { id, customerId: request.customerId, asset, wallet, amount: request.amount, feeCap: request.feeCap, destination: request.destination, usdCents, now };

    const outcomes: PrecheckOutcome[] = [];
    outcomes.push(price && !priceProblem ? { name: 'USD valuation', outcome: 'pass', detail: `${formatUsdCents(usdCents)} USD at ${price.asOf} (${price.source})` } : { name: 'USD valuation', outcome: 'block', detail: priceProblem! });
    const decision = evaluatePolicy(policy, { assetId: asset.id, usdCents, walletRole, destinationAllowlisted, at: now });
    outcomes.push(decision.allowed ? { name: 'quorum policy', outcome: 'pass', detail: `rule "${decision.rule.name}" (policy version ${policy.version})` } : { name: 'quorum policy', outcome: 'block', detail: decision.reason });
    for (const check of this.prechecks) outcomes.push(check.run(db, draft));
    // The hold comes last, so that a withdrawal blocked for another reason holds nothing.
    if (outcomes.every((o) => o.outcome === 'pass')) outcomes.push(this.hold(db, draft, new Date(now.getTime() + policy.withdrawalExpiryMinutes * 60_000).toISOString()));
    const blocked = outcomes.some((o) => o.outcome === 'block');
    const facts: PolicyFacts = { walletRole, destinationAllowlisted, ruleName: decision.rule?.name ?? null, require: decision.allowed ? decision.require : [] };
    const row: WithdrawalRow = {
      id,
      source: request.source,
      requestRef: request.requestRef ?? null,
      customerId: request.customerId,
      assetId: asset.id,
      walletId: wallet.id,
      amount: request.amount.toString(),
      destination: request.destination,
      feeCap: request.feeCap.toString(),
      usdCents: usdCents.toString(),
      state: blocked ? 'blocked' : 'pending_approval',
      policyVersion: policy.version,
      ruleName: facts.ruleName,
      requirement: JSON.stringify(facts),
      prechecks: JSON.stringify(outcomes),
      initiatorId: initiator?.id ?? null,
      expiresAt: new Date(now.getTime() + policy.withdrawalExpiryMinutes * 60_000).toISOString(),
      createdAt: at,
      updatedAt: at,
      rejectionReason: blocked ? outcomes.filter((o) => o.outcome === 'block').map((o) => `${o.name}: ${o.detail}`).join('; ') : null,
      signedTx: null,
      txid: null,
      signedAt: null,
      networkFee: null,
    };
    insertWithdrawal(db, row);
    this.tripOnAnomaly(db, asset.id, now);
    return row;
  }

  private hold(db: WritableDB, d: WithdrawalDraft, expiresAt: string): PrecheckOutcome {
    const name = 'ledger hold';
    if (d.customerId) {
      try {
        this.ledger.holds.place(db, { withdrawalId: d.id, customerId: d.customerId, assetId: d.asset.id, amount: d.amount, feeCap: d.feeCap, expiresAt });
        return { name, outcome: 'pass', detail: `amount and fee cap held on the customer's ${d.asset.id} balance` };
      } catch (error) {
        if (error instanceof VaultlineError && error.code === 'INSUFFICIENT_FUNDS') return { name, outcome: 'block', detail: error.message };
        throw error;
      }
    }
    // A treasury move holds the source wallet's funds on the ledger, as a customer withdrawal holds
    // the customer's: a second move against the same funds sees them held and is blocked.
    const account = this.ledger.accounts.find(db, d.wallet.role === 'hot' ? 'wallet_hot' : 'wallet_cold', d.asset.id);
    const needed = d.amount + d.feeCap;
    const { balance, held } = account ? readBalance(db, account.id) : { balance: 0n, held: 0n };
    const available = balance - held;
    if (!account || available < needed) {
      return { name, outcome: 'block', detail: `the ${d.wallet.role} wallet has ${available} minor units available on the ledger (${held} held for other withdrawals); ${needed} are needed` };
    }
    this.ledger.ledger.adjustHeld(db, account.id, needed);
    const at = d.now.toISOString();
    insertHold(db, { id: `hold_${randomBytes(8).toString('hex')}`, accountId: account.id, assetId: d.asset.id, amount: d.amount.toString(), feeCap: d.feeCap.toString(), referenceType: WITHDRAWAL, referenceId: d.id, status: 'active', reason: null, createdAt: at, expiresAt, resolvedAt: null, settleEntrySeq: null });
    return { name, outcome: 'pass', detail: `amount and fee cap held on the ${d.wallet.role} wallet's ${d.asset.id} balance` };
  }

  /** Too many withdrawals, or too much value, in the anomaly window halts the asset. */
  private tripOnAnomaly(db: WritableDB, assetId: string, now: Date): void {
    const since = new Date(now.getTime() - LIMITS.anomaly.windowMinutes * 60_000).toISOString();
    const recent = withdrawalsSince(db, since).filter((w) => w.assetId === assetId);
    const usd = recent.reduce((n, w) => n + BigInt(w.usdCents), 0n);
    if (recent.length > LIMITS.anomaly.maxCount || usd > BigInt(LIMITS.anomaly.maxUsdCents)) {
      setBreaker(db, { scope: assetId, halted: true, reason: `anomaly: ${recent.length} withdrawals worth ${formatUsdCents(usd)} USD in ${LIMITS.anomaly.windowMinutes} min`, changedBy: 'system', changedAt: now.toISOString() });
    }
  }

  /**
   * Approve with one's own token: it signs the exact withdrawal. The initiator cannot approve, one
   * person approves once, and the role must be one the policy still needs from them.
   */
  approve(db: WritableDB, id: string, operator: SessionOperator, tokenPin: string): WithdrawalRow {
    const w = this.require(db, id);
    const now = this.clock.now().toISOString();
    if (w.state !== 'pending_approval') throw new VaultlineError('CONFLICT', `Withdrawal ${id} is ${w.state.replace('_', ' ')}; it takes no approvals.`);
    if (w.expiresAt <= now) throw new VaultlineError('CONFLICT', `Withdrawal ${id} expired at ${w.expiresAt}.`);
    if (w.initiatorId === operator.id) throw new VaultlineError('FORBIDDEN', 'The initiator of a withdrawal cannot approve it.');
    this.checkCustomer(db, w, 'approved');
    this.checkValuation(db, w);
    const existing = approvalsOf(db, id);
    if (existing.some((a) => a.operatorId === operator.id)) throw new VaultlineError('CONFLICT', 'You have already approved this withdrawal: one person, one approval.');
    const facts = policyFacts(w);
    const identity = this.console.identity;
    const consoleId = getMeta(db, 'console_id');
    if (!identity || !consoleId) throw new VaultlineError('LOCKED', 'The console is locked.');
    const verdict = verifyQuorum(db, w, existing, facts.require, { consoleId, identitySpki: identity.spki, now });
    const needed = verdict.missing.filter((m) => operator.roles.includes(m.role as 'custody_officer')).filter((m) => m.count > 0 || (m.senior > 0 && operator.senior));
    const role = needed[0]?.role as 'custody_officer' | 'compliance_officer' | undefined;
    if (!role) {
      throw new VaultlineError('FORBIDDEN', verdict.missing.length === 0 ? 'The quorum is already complete.' : `This withdrawal needs approvals you cannot give: ${verdict.missing.map((m) => m.role).join(', ')}.`);
    }
    const policy = this.policies.version(db, w.policyVersion);
    const expiresAt = new Date(Math.min(new Date(now).getTime() + policy.approvalExpiryMinutes * 60_000, new Date(w.expiresAt).getTime())).toISOString();
    const payload = approvalText(approvalBody(consoleId, w, operator.id, role, now, expiresAt));
    const row = findOperatorById(db, operator.id);
    if (!row) throw new VaultlineError('UNAUTHENTICATED', 'Your operator record is gone.');
    const raw = signWithOperatorKey(this.operatorModulePath(), row.tokenLabel, tokenPin, row.tokenKeyId, Buffer.from(row.publicKeySpki, 'base64'), Buffer.from(payload, 'utf8'));
    insertApproval(db, { withdrawalId: id, operatorId: operator.id, role, payload, signature: derHex(raw), approvedAt: now, expiresAt });
    const after = verifyQuorum(db, w, approvalsOf(db, id), facts.require, { consoleId, identitySpki: identity.spki, now });
    if (after.satisfied) updateWithdrawal(db, id, { state: 'approved', updatedAt: now });
    return this.require(db, id);
  }

  /**
   * At every approval the asset's latest price must be fresh, and the withdrawal valued at it must
   * still fall under the policy rule it was opened under: otherwise approvers would attest to a
   * tier chosen on a price that no longer holds.
   */
  private checkValuation(db: WritableDB, w: WithdrawalRow): void {
    const now = this.clock.now();
    const asset = getAsset(db, w.assetId);
    if (!asset) throw new VaultlineError('NOT_FOUND', `Unknown asset "${w.assetId}".`);
    const price = getPrice(db, asset.id);
    const problem = stalePrice(price, asset.id, now);
    if (problem || !price) throw new VaultlineError('CONFLICT', `Withdrawal ${w.id} cannot be approved: ${problem ?? 'no price'}.`);
    const usdCents = usdCentsOf(asset, BigInt(w.amount), BigInt(price.usdCentsPerUnit));
    const facts = policyFacts(w);
    const decision = evaluatePolicy(this.policies.version(db, w.policyVersion), { assetId: asset.id, usdCents, walletRole: facts.walletRole, destinationAllowlisted: facts.destinationAllowlisted, at: new Date(w.createdAt) });
    const rule = decision.rule?.name ?? null;
    if (!decision.allowed || rule !== w.ruleName) {
      throw new VaultlineError(
        'CONFLICT',
        `Withdrawal ${w.id} cannot be approved: at the current ${asset.id} price (${price.asOf}) it is worth ${formatUsdCents(usdCents)} USD and ${decision.allowed ? `falls under rule "${rule}"` : `is not allowed (${decision.reason})`}, not rule "${w.ruleName}" it was opened under; reject it and open it again.`,
      );
    }
  }

  reject(db: WritableDB, id: string, reason: string): WithdrawalRow {
    const w = this.require(db, id);
    if (w.state !== 'pending_approval' && w.state !== 'approved') throw new VaultlineError('CONFLICT', `Withdrawal ${id} is ${w.state.replace('_', ' ')}; it cannot be rejected.`);
    this.releaseHold(db, w, reason);
    updateWithdrawal(db, id, { state: 'rejected', rejectionReason: reason, updatedAt: this.clock.now().toISOString() });
    return this.require(db, id);
  }

  /** Release the withdrawal's hold, if it has one (a blocked withdrawal holds nothing). */
  private releaseHold(db: WritableDB, w: WithdrawalRow, reason: string, status: 'released' | 'expired' = 'released'): void {
    const hold = findHoldByReference(db, WITHDRAWAL, w.id);
    if (hold?.status === 'active') this.ledger.holds.release(db, w.id, reason, status);
  }

  /** hazmat: sign an approved withdrawal (the signing module re-verifies the quorum first). */
  sign(db: WritableDB, id: string, operator: SessionOperator): WithdrawalRow {
    const w = this.require(db, id);
    if (w.state !== 'approved' && w.state !== 'signed') throw new VaultlineError('CONFLICT', `Withdrawal ${id} is ${w.state.replace('_', ' ')}; only an approved withdrawal is signed.`);
    // A signed withdrawal asked again returns the same transaction; a new signature passes the gate first.
    if (w.state === 'approved') this.checkCustomer(db, w, 'signed');
    const signed = this.signing.signWithdrawal(db, w, { operatorId: operator.id, username: operator.username });
    if (signed.replayed) return w;
    const at = this.clock.now().toISOString();
    const changes = { state: 'signed', signedTx: signed.signedTx, txid: signed.txid, networkFee: signed.networkFee.toString(), signedAt: at, updatedAt: at } as const;
    updateWithdrawal(db, id, changes);
    const row: WithdrawalRow = { ...w, ...changes };
    // The signed transaction leaves in the next outbound bundle, once.
    this.outbound.signed(db, row);
    return row;
  }

  /** The online node saw the transaction broadcast: settle the hold with the actual network fee. */
  settle(db: WritableDB, id: string, txid: string, networkFee: bigint): WithdrawalRow {
    const w = this.require(db, id);
    if (w.state === 'settled') return w;
    if (w.state !== 'signed' && w.state !== 'broadcast') throw new VaultlineError('CONFLICT', `Withdrawal ${id} is ${w.state.replace('_', ' ')}; a receipt settles only a signed withdrawal.`);
    if (w.txid && w.txid !== txid) throw new VaultlineError('CONFLICT', `The receipt names transaction ${txid}, but withdrawal ${id} was signed as ${w.txid}.`);
    if (w.customerId) this.ledger.holds.settle(db, { withdrawalId: id, txid, amount: BigInt(w.amount), networkFee, feePaidBy: 'customer' }, 'system:broadcast-receipt');
    else {
      // A treasury move's hold only reserved the wallet's funds: it ends with the broadcast.
      const hold = findHoldByReference(db, WITHDRAWAL, id);
      if (hold?.status === 'active') {
        this.ledger.ledger.adjustHeld(db, hold.accountId, -(BigInt(hold.amount) + BigInt(hold.feeCap)));
        updateHold(db, hold.id, { status: 'settled', reason: `broadcast ${txid}`, resolvedAt: this.clock.now().toISOString() });
      }
    }
    updateWithdrawal(db, id, { state: 'settled', networkFee: networkFee.toString(), updatedAt: this.clock.now().toISOString() });
    return this.require(db, id);
  }

  /** Expire every withdrawal past its deadline that was not signed, releasing its hold. */
  expireDue(db: WritableDB): WithdrawalRow[] {
    const now = this.clock.now().toISOString();
    return dueToExpire(db, now).map((w) => {
      this.releaseHold(db, w, 'withdrawal expired before signing', 'expired');
      updateWithdrawal(db, w.id, { state: 'expired', updatedAt: now });
      return this.require(db, w.id);
    });
  }

  /**
   * Expiry without the button: the core runs this at unlock and on a timer. Each withdrawal that
   * expires (hold released) gets its own audit entry, `event.withdrawalExpired`, written in the
   * same transaction. Returns the ids expired.
   */
  expireOverdue(db: WritableDB): string[] {
    return inTransactionSync(db, () =>
      this.expireDue(db).map((w) => {
        appendAudit(db, {
          at: this.clock.now().toISOString(),
          operatorId: null,
          operatorUsername: null,
          command: 'event.withdrawalExpired',
          inputDigest: createHash('sha256').update(canonicalJson({ withdrawalId: w.id, expiresAt: w.expiresAt })).digest('hex'),
          outcome: 'ok',
          errorCode: null,
        });
        return w.id;
      }),
    );
  }

  walletOf(db: WritableDB, w: WithdrawalRow) {
    return findWallet(db, w.walletId);
  }
}

/** Run `fn` in the caller's transaction, or in its own immediate one when there is none. */
function inTransactionSync<T>(db: WritableDB, fn: () => T): T {
  return db.sqlite.inTransaction ? fn() : db.sqlite.transaction(fn).immediate();
}
