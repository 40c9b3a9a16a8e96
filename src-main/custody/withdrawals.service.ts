/**
 * The withdrawal workflow: a request arrives (inbound bundle, or a treasury move made at the
 * console), pre-checks run, the quorum policy says who must approve, approvers sign with their own
 * tokens, the signing module signs with the HSM, the signed transaction leaves in the next outbound
 * bundle, and the broadcast receipt settles the ledger hold. Rejection or expiry releases it.
 */
import { formatUsdCents } from '../../src-shared/money';
import { randomBytes } from 'node:crypto';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { ReadableDB, WritableDB } from '../db/database';
import { getMeta } from '../db/meta.repository';
import { getAsset, readBalance, type AssetRow } from '../db/ledger.repository';
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
  updateWithdrawal,
  walletFor,
  withdrawalsSince,
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
  readonly walletRole?: 'hot' | 'cold' | undefined;
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
    const walletRole = request.walletRole ?? 'hot';
    const wallet = walletFor(db, asset.id, walletRole);
    if (!wallet) throw new VaultlineError('NOT_FOUND', `There is no ${walletRole} wallet for ${asset.id}; create one first.`);
    const now = this.clock.now();
    const at = now.toISOString();
    const policy = this.policies.active(db);
    const id = `wd_${randomBytes(8).toString('hex')}`;
    const price = getPrice(db, asset.id);
    const usdCents = price ? usdCentsOf(asset, request.amount, BigInt(price.usdCentsPerUnit)) : 0n;
    const destinationAllowlisted = (() => {
      const entry = allowlisted(db, asset.chain, asset.network, request.destination);
      return entry !== undefined && entry.usableFrom <= at;
    })();
    const draft: WithdrawalDraft = { id, customerId: request.customerId, asset, wallet, amount: request.amount, feeCap: request.feeCap, destination: request.destination, usdCents, now };

    const outcomes: PrecheckOutcome[] = [];
    outcomes.push(price ? { name: 'USD valuation', outcome: 'pass', detail: `${formatUsdCents(usdCents)} USD at ${price.asOf} (${price.source})` } : { name: 'USD valuation', outcome: 'block', detail: `no market price for ${asset.id}: the policy tier cannot be chosen` });
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
    const account = this.ledger.accounts.find(db, d.wallet.role === 'hot' ? 'wallet_hot' : 'wallet_cold', d.asset.id);
    const available = account ? readBalance(db, account.id).balance : 0n;
    return available >= d.amount + d.feeCap ? { name, outcome: 'pass', detail: `the ${d.wallet.role} wallet holds enough on the ledger` } : { name, outcome: 'block', detail: `the ${d.wallet.role} wallet holds ${available} minor units on the ledger; ${d.amount + d.feeCap} are needed` };
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

  reject(db: WritableDB, id: string, reason: string): WithdrawalRow {
    const w = this.require(db, id);
    if (w.state !== 'pending_approval' && w.state !== 'approved') throw new VaultlineError('CONFLICT', `Withdrawal ${id} is ${w.state.replace('_', ' ')}; it cannot be rejected.`);
    this.releaseHold(db, w, reason);
    updateWithdrawal(db, id, { state: 'rejected', rejectionReason: reason, updatedAt: this.clock.now().toISOString() });
    return this.require(db, id);
  }

  private releaseHold(db: WritableDB, w: WithdrawalRow, reason: string): void {
    if (w.customerId) this.ledger.holds.release(db, w.id, reason);
  }

  /** hazmat: sign an approved withdrawal (the signing module re-verifies the quorum first). */
  sign(db: WritableDB, id: string, operator: SessionOperator): WithdrawalRow {
    const w = this.require(db, id);
    if (w.state !== 'approved' && w.state !== 'signed') throw new VaultlineError('CONFLICT', `Withdrawal ${id} is ${w.state.replace('_', ' ')}; only an approved withdrawal is signed.`);
    // A signed withdrawal asked again returns the same transaction; a new signature passes the gate first.
    if (w.state === 'approved') this.checkCustomer(db, w, 'signed');
    const signed = this.signing.signWithdrawal(db, w, { operatorId: operator.id, username: operator.username });
    if (!signed.replayed) {
      updateWithdrawal(db, id, { state: 'signed', signedTx: signed.signedTx, txid: signed.txid, networkFee: signed.networkFee.toString(), signedAt: this.clock.now().toISOString(), updatedAt: this.clock.now().toISOString() });
      // The signed transaction leaves in the next outbound bundle, once.
      this.outbound.signed(db, this.require(db, id));
    }
    return this.require(db, id);
  }

  /** The online node saw the transaction broadcast: settle the hold with the actual network fee. */
  settle(db: WritableDB, id: string, txid: string, networkFee: bigint): WithdrawalRow {
    const w = this.require(db, id);
    if (w.state === 'settled') return w;
    if (w.state !== 'signed' && w.state !== 'broadcast') throw new VaultlineError('CONFLICT', `Withdrawal ${id} is ${w.state.replace('_', ' ')}; a receipt settles only a signed withdrawal.`);
    if (w.txid && w.txid !== txid) throw new VaultlineError('CONFLICT', `The receipt names transaction ${txid}, but withdrawal ${id} was signed as ${w.txid}.`);
    if (w.customerId) this.ledger.holds.settle(db, { withdrawalId: id, txid, amount: BigInt(w.amount), networkFee, feePaidBy: 'customer' }, 'system:broadcast-receipt');
    updateWithdrawal(db, id, { state: 'settled', networkFee: networkFee.toString(), updatedAt: this.clock.now().toISOString() });
    return this.require(db, id);
  }

  expireDue(db: WritableDB): WithdrawalRow[] {
    const now = this.clock.now().toISOString();
    return dueToExpire(db, now).map((w) => {
      this.releaseHold(db, w, 'withdrawal expired before signing');
      updateWithdrawal(db, w.id, { state: 'expired', updatedAt: now });
      return this.require(db, w.id);
    });
  }

  walletOf(db: WritableDB, w: WithdrawalRow) {
    return findWallet(db, w.walletId);
  }
}
