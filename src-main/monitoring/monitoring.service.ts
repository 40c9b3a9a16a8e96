/**
 * Transaction monitoring in the console: rule-set versions under maker/checker, the engine judging
 * every deposit (ledger deposit path: bundle import and `ledger.deposits.record`) and withdrawal
 * (a withdrawal pre-check) as it arrives, alerts with the values behind them, suppressions.
 *
 * Engine state. The active rule set is compiled once per version and cached. The engine's windows
 * live in memory with a journal of the transactions folded since the last commit. A rollback (a
 * failed command, a bundle preview's dry run) is seen through a marker in the per-connection cache
 * that a rollback empties (db/database.ts `connectionCache`): the journal's transactions no longer
 * stored are then taken back out of the windows (`unobserve`), so a preview does not cost a
 * rebuild. The windows are also checked against the stored history's last sequence number before
 * each use. When they cannot be trusted (after unlock, a new active version, a journal that
 * overflowed before a rollback, rows written behind the service's back) they are rebuilt by folding
 * the stored transactions of the longest window (90 days in the default rules) plus the engine's
 * 6 h grace, counted back from the newest one, in the order they were judged: bounded work, never a
 * rescan of the whole history, and the same figures as before.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src-shared/canonical';
import { formatUsdCents } from '../../src-shared/money';
import type { RuleAction, RuleSet } from '../../src-shared/monitoring/rule-set.schema';
import defaultRules from '../../resources/monitoring/default-rules.json';
import { connectionCache, type ReadableDB, type WritableDB } from '../db/database';
import {
  LEVEL_RANK,
  activeRuleVersion,
  activeSuppression,
  caseOfCustomer,
  customerFactsRow,
  customerHasAlerts,
  findMonitoredTx,
  findRuleVersion,
  findSuppression,
  insertAlert,
  insertAlertEvent,
  insertMonitoredTx,
  insertRuleVersion,
  insertSuppression,
  listRuleVersions,
  maxTxSeq,
  newestTxAt,
  nextRuleVersion,
  openHoldingAlerts,
  revokeSuppression,
  txsSinceInSeqOrder,
  updateRuleVersion,
  usdKey,
  type AlertLevelName,
  type MonitoredTxRow,
  type RuleVersionRow,
  type SuppressionRow,
} from '../db/monitoring.repository';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { Precheck, WithdrawalDraft } from '../custody/prechecks';
import { MonitoringEngine, type CustomerFacts, type MonitoredTransaction, type RuleHit } from './monitoring.engine';
import type { MonitoringLists } from './monitoring.lists';
import { compileRuleSet, type CompiledRuleSet } from './rule-compiler';
import { explainEvidence, storedConditionOf, type ExplainedCondition, type FigureView, type StoredCondition } from './explain';

export type { FigureKind, FigureView } from './explain';

/** The engine keeps entries this long past a window (monitoring.engine.ts GRACE_MS). */
const GRACE_MS = 6 * 3_600_000;
const MAX_SUPPRESSION_DAYS = 180;

export interface Actor {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly string[];
}

/** A transaction to judge, as the deposit path or the withdrawal pre-check describes it. */
export interface NewTransaction {
  readonly id: string;
  readonly at: string;
  readonly direction: 'deposit' | 'withdrawal';
  readonly customerId: string;
  readonly assetId: string;
  readonly amount: bigint;
  readonly usdCents: bigint;
  readonly counterpartyAddress: string | null;
  readonly counterpartyCountry: string | null;
  readonly counterpartyVasp: string | null;
  readonly counterpartyPep: boolean;
  readonly sourceRef: string;
}

export interface RaisedAlert {
  readonly id: number;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly level: AlertLevelName;
  readonly actions: readonly RuleAction[];
  readonly state: 'open' | 'suppressed';
}

/** Stored per alert in `conditions`: what held and the values behind it. */
export interface StoredEvidence {
  readonly conditions: readonly StoredCondition[];
  readonly figures: Readonly<Record<string, string>>;
}

interface EngineState {
  readonly version: number;
  readonly engine: MonitoringEngine;
  /** The connection the windows were built from (a new one after unlock). */
  readonly sqlite: WritableDB['sqlite'];
  lastSeq: number;
  /** Transactions folded since the last commit, with the facts they were folded with. */
  readonly journal: { readonly tx: MonitoredTransaction; readonly facts: CustomerFacts }[];
  /** The journal was cut short (work outside the bus, no commit seen): a rollback then means a rebuild. */
  overflowed: boolean;
}

/** Judged transactions remembered for a rollback; beyond this, a rollback rebuilds instead. */
const JOURNAL_LIMIT = 200_000;

export const alertLevelOf = (actions: readonly RuleAction[]): AlertLevelName => {
  let level: AlertLevelName = 'low';
  for (const a of actions) if (a.type === 'alert' && LEVEL_RANK[a.level] > LEVEL_RANK[level]) level = a.level;
  return level;
};

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export class MonitoringService {
  readonly #compiled = new Map<number, CompiledRuleSet>();

  constructor(
    private readonly clock: Clock,
    readonly lists: MonitoringLists,
  ) {}

  // ─── rule-set versions ─────────────────────────────────────────────────────────────────────

  /** The active version; on a console that has none yet, the shipped default rule set becomes version 1. */
  ensureRules(db: WritableDB): RuleVersionRow {
    const active = activeRuleVersion(db);
    if (active) return active;
    if (listRuleVersions(db).length > 0) throw new VaultlineError('CONFLICT', 'No monitoring rule set is active: approve a version.');
    const compiled = compileRuleSet(defaultRules);
    const document = canonicalJson(compiled.document);
    const at = this.clock.now().toISOString();
    const row: RuleVersionRow = {
      version: 1,
      document,
      sha256: sha256(document),
      note: 'The default rule set shipped with the console (resources/monitoring/default-rules.json)',
      ruleCount: compiled.rules.length,
      state: 'active',
      author: 'system',
      createdAt: at,
      approvedBy: 'system',
      activatedAt: at,
      retiredAt: null,
      rejectedBy: null,
      rejectedAt: null,
      rejectReason: null,
    };
    insertRuleVersion(db, row);
    this.#compiled.set(1, compiled);
    return row;
  }

  requireVersion(db: ReadableDB, version: number): RuleVersionRow {
    const row = findRuleVersion(db, version);
    if (!row) throw new VaultlineError('NOT_FOUND', `No monitoring rule-set version ${version}.`, { issues: [{ path: 'version', message: 'unknown version' }] });
    return row;
  }

  /** A version compiled once: its document was checked when it was drafted and never changes. */
  compiled(db: ReadableDB, version: number): CompiledRuleSet {
    let compiled = this.#compiled.get(version);
    if (!compiled) {
      compiled = compileRuleSet(JSON.parse(this.requireVersion(db, version).document));
      this.#compiled.set(version, compiled);
    }
    return compiled;
  }

  versions(db: WritableDB): RuleVersionRow[] {
    this.ensureRules(db);
    return listRuleVersions(db);
  }

  /** Check and store a draft. A document that fails its schema, names an unknown field or list, or never terminates is refused, nothing stored. */
  draft(db: WritableDB, document: unknown, note: string, by: Actor): RuleVersionRow {
    this.ensureRules(db);
    const compiled = compileRuleSet(document);
    const text = canonicalJson(compiled.document);
    const row: RuleVersionRow = {
      version: nextRuleVersion(db),
      document: text,
      sha256: sha256(text),
      note,
      ruleCount: compiled.rules.length,
      state: 'draft',
      author: by.id,
      createdAt: this.clock.now().toISOString(),
      approvedBy: null,
      activatedAt: null,
      retiredAt: null,
      rejectedBy: null,
      rejectedAt: null,
      rejectReason: null,
    };
    insertRuleVersion(db, row);
    this.#compiled.set(row.version, compiled);
    return row;
  }

  /** Maker/checker: a compliance officer other than the author activates a draft; the active one retires. */
  approve(db: WritableDB, version: number, by: Actor): RuleVersionRow {
    const row = this.requireVersion(db, version);
    if (!by.roles.includes('compliance_officer')) throw new VaultlineError('FORBIDDEN', 'Only a compliance officer approves a monitoring rule set.');
    if (row.author === by.id) throw new VaultlineError('FORBIDDEN', `You drafted rule-set version ${version}: another compliance officer must approve it (maker/checker).`);
    if (row.state !== 'draft') throw new VaultlineError('CONFLICT', `Rule-set version ${version} is ${row.state}; only a draft can be approved.`);
    const at = this.clock.now().toISOString();
    const active = activeRuleVersion(db);
    if (active) updateRuleVersion(db, active.version, { state: 'retired', retiredAt: at });
    updateRuleVersion(db, version, { state: 'active', approvedBy: by.id, activatedAt: at });
    this.#state = undefined;
    return this.requireVersion(db, version);
  }

  reject(db: WritableDB, version: number, reason: string, by: Actor): RuleVersionRow {
    const row = this.requireVersion(db, version);
    if (row.state !== 'draft') throw new VaultlineError('CONFLICT', `Rule-set version ${version} is ${row.state}; only a draft can be rejected.`);
    updateRuleVersion(db, version, { state: 'rejected', rejectedBy: by.id, rejectedAt: this.clock.now().toISOString(), rejectReason: reason });
    return this.requireVersion(db, version);
  }

  // ─── the engine ────────────────────────────────────────────────────────────────────────────

  customerFacts(db: ReadableDB, customerId: string): CustomerFacts {
    const row = customerFactsRow(db, customerId);
    return row ? { riskLevel: row.riskLevel, pep: row.pep, country: row.country, onboardedAt: row.approvedAt } : { riskLevel: null, pep: false, country: null, onboardedAt: null };
  }

  #state: EngineState | undefined;
  #rebuilds = 0;

  /** How many times the windows were rebuilt from the stored history (tests and benches watch it). */
  get rebuilds(): number {
    return this.#rebuilds;
  }

  #engine(db: WritableDB): EngineState {
    let state = this.#state;
    if (state && state.sqlite === db.sqlite && !this.#settle(db, state)) state = undefined;
    // Rows written behind the service's back (or a reconcile that missed one) are caught here.
    if (state && state.sqlite === db.sqlite && state.lastSeq === maxTxSeq(db)) return state;
    return (this.#state = this.#rebuild(db));
  }

  /**
   * After a rollback, takes the journal's transactions that are no longer stored back out of the
   * windows; false when it cannot (the journal overflowed). Cheap when nothing rolled back.
   */
  #settle(db: WritableDB, state: EngineState): boolean {
    const marker = connectionCache<true>(db, 'monitoring.engine');
    if (marker.get('live')) return true;
    if (state.overflowed) return false;
    // The rollback may have taken the rule-set version itself (the shipped set installed in it).
    if (activeRuleVersion(db)?.version !== state.version) return false;
    for (let i = state.journal.length - 1; i >= 0; i--) {
      const { tx, facts } = state.journal[i]!;
      if (findMonitoredTx(db, tx.id)) continue;
      state.engine.unobserve(tx, facts);
      state.journal.splice(i, 1);
    }
    state.lastSeq = maxTxSeq(db);
    marker.set('live', true);
    return true;
  }

  /** The bus calls this after every commit: what was folded is now history for good. */
  committed(db: WritableDB): void {
    const state = this.#state;
    if (!state || state.sqlite !== db.sqlite || state.journal.length === 0) return;
    // A rollback inside the command (a preview's dry run) is settled before the journal is cleared.
    if (!this.#settle(db, state)) {
      this.#state = undefined;
      return;
    }
    state.journal.length = 0;
    state.overflowed = false;
  }

  #rebuild(db: WritableDB): EngineState {
    this.#rebuilds += 1;
    const active = this.ensureRules(db);
    const compiled = this.compiled(db, active.version);
    const engine = new MonitoringEngine(compiled, this.lists.refresh(db));
    const newest = newestTxAt(db);
    if (newest) {
      const since = new Date(Date.parse(newest) - compiled.lookbackMs - GRACE_MS).toISOString();
      const facts = new Map<string, CustomerFacts>();
      for (const row of txsSinceInSeqOrder(db, since)) {
        let f = facts.get(row.customerId);
        if (!f) facts.set(row.customerId, (f = this.customerFacts(db, row.customerId)));
        engine.observe(toEngineTx(row), f);
      }
    }
    connectionCache<true>(db, 'monitoring.engine').set('live', true);
    return { version: active.version, engine, sqlite: db.sqlite, lastSeq: maxTxSeq(db), journal: [], overflowed: false };
  }

  /**
   * Judge one transaction under the active rules, store it in the history and raise its alerts
   * (a hit on a suppressed customer and rule is stored as `suppressed`: visible, never dropped).
   */
  judge(db: WritableDB, tx: NewTransaction, by: string): RaisedAlert[] {
    if (!Number.isFinite(Date.parse(tx.at))) throw new VaultlineError('VALIDATION', `transaction ${tx.id}: "at" must be an ISO timestamp`);
    const state = this.#engine(db);
    this.lists.refresh(db);
    const facts = this.customerFacts(db, tx.customerId);
    const now = this.clock.now().toISOString();
    const row = insertMonitoredTx(db, {
      id: tx.id,
      at: tx.at,
      direction: tx.direction,
      customerId: tx.customerId,
      assetId: tx.assetId,
      amount: tx.amount.toString(),
      usdCents: tx.usdCents.toString(),
      counterpartyAddress: tx.counterpartyAddress,
      counterpartyCountry: tx.counterpartyCountry,
      counterpartyVasp: tx.counterpartyVasp,
      counterpartyPep: tx.counterpartyPep,
      sourceRef: tx.sourceRef,
      recordedAt: now,
    }, state.lastSeq + 1);
    const engineTx = toEngineTx(row);
    const hits = state.engine.evaluate(engineTx, facts);
    state.lastSeq = row.seq;
    if (state.journal.length < JOURNAL_LIMIT) state.journal.push({ tx: engineTx, facts });
    else state.overflowed = true;
    return hits.map((hit) => this.#raise(db, row, hit, state.version, now, by));
  }

  #raise(db: WritableDB, tx: MonitoredTxRow, hit: RuleHit, version: number, now: string, by: string): RaisedAlert {
    const level = alertLevelOf(hit.actions);
    const suppression = activeSuppression(db, tx.customerId, hit.ruleId, now);
    const evidence: StoredEvidence = {
      // Each with what it read: the explanation takes each value's kind from it (explain.ts).
      conditions: hit.conditions.map(storedConditionOf),
      figures: hit.aggregates,
    };
    const state = suppression ? 'suppressed' : 'open';
    const id = insertAlert(db, {
      raisedAt: now,
      ruleId: hit.ruleId,
      ruleVersion: version,
      ruleTitle: hit.ruleName,
      level,
      levelRank: LEVEL_RANK[level],
      actions: JSON.stringify(hit.actions),
      conditions: JSON.stringify(evidence),
      txId: tx.id,
      txRef: tx.sourceRef,
      customerId: tx.customerId,
      assetId: tx.assetId,
      amount: tx.amount,
      usdCents: tx.usdCents,
      usdKey: usdKey(BigInt(tx.usdCents)),
      assignee: null,
      state,
      suppressionId: suppression?.id ?? null,
      outcome: null,
      closeReason: null,
      closedBy: null,
      closedAt: null,
      caseId: null,
    });
    insertAlertEvent(db, {
      alertId: id,
      at: now,
      by,
      action: suppression ? 'suppressed' : 'raised',
      detail: suppression
        ? `Raised under rule-set version ${version} while suppression ${suppression.id} (until ${suppression.until}, case ${suppression.caseId}) was in force: recorded, not queued`
        : `Raised under rule-set version ${version}: ${hit.ruleName} on ${tx.direction} ${tx.sourceRef} (${formatUsdCents(BigInt(tx.usdCents))} USD)`,
    });
    return { id, ruleId: hit.ruleId, ruleName: hit.ruleName, level, actions: hit.actions, state };
  }

  // ─── withdrawals ───────────────────────────────────────────────────────────────────────────

  /**
   * The monitoring pre-check: judges the withdrawal as it is requested. A rule whose actions say
   * `block_sar` refuses it; `hold` or `freeze_review` lets it open (funds held on the ledger) but
   * no one may approve or sign it while that alert is open (`withdrawalGate`).
   */
  precheck(): Precheck {
    return {
      name: 'transaction monitoring',
      run: (db, d: WithdrawalDraft) => {
        const name = 'transaction monitoring';
        if (d.customerId === null) return { name, outcome: 'pass', detail: 'a treasury withdrawal: no customer to monitor' };
        const alerts = this.judge(
          db,
          {
            id: `wd:${d.id}`,
            at: d.now.toISOString(),
            direction: 'withdrawal',
            customerId: d.customerId,
            assetId: d.asset.id,
            amount: d.amount,
            usdCents: d.usdCents,
            counterpartyAddress: d.destination,
            counterpartyCountry: null,
            counterpartyVasp: null,
            counterpartyPep: false,
            sourceRef: d.id,
          },
          'system:monitoring',
        ).filter((a) => a.state === 'open');
        const label = (a: RaisedAlert) => `alert ${a.id} (${a.ruleName})`;
        const blocking = alerts.filter((a) => a.actions.some((x) => x.type === 'block_sar'));
        if (blocking.length > 0) return { name, outcome: 'block', detail: `refused: ${blocking.map(label).join(', ')} — block and report` };
        // This withdrawal's own hold alerts and any earlier open ones (a mixer deposit) hold it alike.
        const gate = this.withdrawalGate(db, d.customerId);
        if (gate) return { name, outcome: 'pass', detail: `held for compliance review: ${gate}, before anyone approves or signs` };
        return { name, outcome: 'pass', detail: alerts.length > 0 ? `alerts raised: ${alerts.map(label).join(', ')}` : 'no rule fired' };
      },
    };
  }

  /** Why a customer's withdrawals may not be approved or signed now: an open alert that holds, freezes or blocks. */
  withdrawalGate(db: ReadableDB, customerId: string): string | undefined {
    const open = openHoldingAlerts(db, customerId);
    if (open.length === 0) return undefined;
    return `transaction monitoring holds the customer's withdrawals until compliance closes ${open.map((a) => `alert ${a.id} (${a.ruleTitle})`).join(', ')}`;
  }

  // ─── suppressions ──────────────────────────────────────────────────────────────────────────

  suppress(db: WritableDB, input: { customerId: string; ruleId: string; days: number; reason: string; caseId: string }, by: Actor): SuppressionRow {
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_SUPPRESSION_DAYS) {
      throw new VaultlineError('VALIDATION', `A suppression lasts 1 to ${MAX_SUPPRESSION_DAYS} days, got ${input.days}.`, { issues: [{ path: 'days', message: `must be 1 to ${MAX_SUPPRESSION_DAYS}` }] });
    }
    const active = this.ensureRules(db);
    const known = this.compiled(db, active.version).rules.some((r) => r.id === input.ruleId);
    if (!known) throw new VaultlineError('VALIDATION', `The active rule set (version ${active.version}) has no rule "${input.ruleId}".`, { issues: [{ path: 'ruleId', message: 'unknown rule' }] });
    if (!customerFactsRow(db, input.customerId) && !customerHasAlerts(db, input.customerId)) {
      throw new VaultlineError('NOT_FOUND', `Customer ${input.customerId} has no KYC file and no alerts.`, { issues: [{ path: 'customerId', message: 'unknown customer' }] });
    }
    const inCase = caseOfCustomer(db, input.caseId, input.customerId);
    if (inCase === 'no_case') throw new VaultlineError('NOT_FOUND', `No case ${input.caseId}: a suppression comes from a reviewed case.`, { issues: [{ path: 'caseId', message: 'unknown case' }] });
    if (inCase === 'not_this_customer') throw new VaultlineError('VALIDATION', `Case ${input.caseId} holds no alert of customer ${input.customerId}.`, { issues: [{ path: 'caseId', message: 'not a case about this customer' }] });
    const now = this.clock.now();
    const id = insertSuppression(db, {
      customerId: input.customerId,
      ruleId: input.ruleId,
      until: new Date(now.getTime() + input.days * 86_400_000).toISOString(),
      reason: input.reason,
      caseId: input.caseId,
      createdBy: by.id,
      createdAt: now.toISOString(),
      revokedAt: null,
      revokedBy: null,
      revokeReason: null,
    });
    return findSuppression(db, id)!;
  }

  revokeSuppression(db: WritableDB, id: number, reason: string, by: Actor): SuppressionRow {
    const row = findSuppression(db, id);
    if (!row) throw new VaultlineError('NOT_FOUND', `No suppression ${id}.`);
    if (row.revokedAt) throw new VaultlineError('CONFLICT', `Suppression ${id} was already revoked at ${row.revokedAt}.`);
    revokeSuppression(db, id, { revokedAt: this.clock.now().toISOString(), revokedBy: by.id, revokeReason: reason });
    return findSuppression(db, id)!;
  }

  /** Per suppression id, how many hits it swallowed: alerts recorded in state 'suppressed' under it. */
  suppressionHits(db: ReadableDB): Map<number, number> {
    const rows = db.sqlite
      .prepare<[], { id: number; n: number }>("SELECT suppression_id AS id, COUNT(*) AS n FROM monitoring_alerts WHERE state = 'suppressed' AND suppression_id IS NOT NULL GROUP BY suppression_id")
      .all();
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** An alert's figures and condition values with their kinds, under the rule-set version that raised it (explain.ts). */
  explainFigures(db: ReadableDB, version: number, figures: Readonly<Record<string, string>>, conditions: readonly StoredCondition[]): { figures: Record<string, FigureView>; conditions: ExplainedCondition[] } {
    return explainEvidence(
      this.compiled(db, version).aggregates.map((a) => a.spec),
      figures,
      conditions,
    );
  }

  /** The rule set a document would be, parsed (for views). */
  document(row: RuleVersionRow): RuleSet {
    return JSON.parse(row.document) as RuleSet;
  }
}

export function toEngineTx(row: MonitoredTxRow): MonitoredTransaction {
  return {
    id: row.id,
    at: row.at,
    direction: row.direction,
    customerId: row.customerId,
    assetId: row.assetId,
    usdCents: BigInt(row.usdCents),
    counterpartyAddress: row.counterpartyAddress,
    counterpartyCountry: row.counterpartyCountry,
    counterpartyVasp: row.counterpartyVasp,
    counterpartyPep: row.counterpartyPep,
  };
}
