/**
 * The signing module: the only code that asks the HSM to sign for a wallet. Before every signature
 * it re-verifies the quorum (operator certificates, approval signatures, expiry, the initiator,
 * one person one approval, the policy version's requirement) and records its intent in the audit
 * trail; if either fails, nothing is signed. Chains are built and checked by their families
 * (src-main/chains) with the HSM key injected as a signer.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src-shared/canonical';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { WritableDB } from '../db/database';
import { appendAudit } from '../db/audit.repository';
import { getMeta } from '../db/meta.repository';
import { approvalsOf, type WithdrawalRow } from '../db/custody.repository';
import type { ConsoleService } from '../services/console.service';
import { evaluatePolicy } from './policy';
import { policyFacts } from './approval';
import type { PolicyService } from './policy.service';
import { requireQuorum, verifyQuorum } from './quorum';
import type { ChainSigningPort, SignedWithdrawal } from './chain-port';

export interface SignContext {
  readonly operatorId: string;
  readonly username: string;
}

export class SigningModule {
  constructor(
    private readonly clock: Clock,
    private readonly console: ConsoleService,
    private readonly policies: PolicyService,
    private readonly chains: ChainSigningPort,
  ) {}

  /**
   * hazmat: signs an approved withdrawal with the wallet's HSM key(s). Returns the same stored
   * transaction if it was signed before, never a second one.
   */
  signWithdrawal(db: WritableDB, w: WithdrawalRow, by: SignContext): SignedWithdrawal {
    if (w.signedTx && w.txid) return { signedTx: w.signedTx, txid: w.txid, networkFee: BigInt(w.networkFee ?? '0'), replayed: true };
    const identity = this.console.identity;
    const consoleId = getMeta(db, 'console_id');
    if (!identity || !consoleId) throw new VaultlineError('LOCKED', 'The console is locked.');
    const now = this.clock.now().toISOString();
    if (w.expiresAt <= now) throw new VaultlineError('CONFLICT', `Withdrawal ${w.id} expired at ${w.expiresAt}; it cannot be signed.`);
    // Separation of duties: signing is a custody act after the quorum, by someone other than the
    // person who asked for the money to move (docs/architecture.md, "Custody").
    if (w.initiatorId !== null && w.initiatorId === by.operatorId) {
      throw new VaultlineError('FORBIDDEN', `You opened withdrawal ${w.id}: the initiator cannot sign it; another custody officer has the HSM sign.`);
    }

    // 1. The requirement, re-evaluated under the policy version the approvals were given for.
    //    The valuation and allow-list status are the ones every approval signed (approvalMatches).
    const policy = this.policies.version(db, w.policyVersion);
    const facts = policyFacts(w);
    const decision = evaluatePolicy(policy, { assetId: w.assetId, usdCents: BigInt(w.usdCents), walletRole: facts.walletRole, destinationAllowlisted: facts.destinationAllowlisted, at: new Date(w.createdAt) });
    if (!decision.allowed) throw new VaultlineError('FORBIDDEN', `The quorum policy (version ${w.policyVersion}) does not allow this withdrawal: ${decision.reason}.`);
    // 2. Every approval, cryptographically, against certified keys.
    requireQuorum(verifyQuorum(db, w, approvalsOf(db, w.id), decision.require, { consoleId, identitySpki: identity.spki, now }));
    // 3. The intent goes into the audit trail first: if it cannot be written, nothing is signed.
    appendAudit(db, {
      at: now,
      operatorId: by.operatorId,
      operatorUsername: by.username,
      command: 'custody.sign.intent',
      inputDigest: createHash('sha256').update(canonicalJson({ withdrawalId: w.id, assetId: w.assetId, amount: w.amount, destination: w.destination, feeCap: w.feeCap, policyVersion: w.policyVersion })).digest('hex'),
      outcome: 'ok',
      errorCode: null,
    });
    // 4. Build, check and sign with the chain's family; the family verifies each signature it makes.
    return { ...this.chains.signWithdrawal(db, w), replayed: false };
  }
}
