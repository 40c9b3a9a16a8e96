/**
 * The transaction-monitoring engine: judges each deposit or withdrawal as it arrives against the
 * compiled rule set, then folds it into the windowed aggregates. Deterministic: the same
 * transactions in the same order under the same rule version raise the same alerts, which is what
 * lets a past alert be replayed and a draft rule set be backtested.
 *
 * Nothing here reads history. The aggregates hold only each key's transactions inside the longest
 * window; after a restart the host feeds the last `lookbackMs` of stored transactions through
 * `observe` (no rules run) and carries on.
 */
import type { FieldName, ListName, RuleAction } from '../../src-shared/monitoring/rule-set.schema';
import { VaultlineError } from '../errors';
import type { CompiledAggregate, CompiledRuleSet, ConditionTrace, EvalContext, FieldValue } from './rule-compiler';
import { SlidingWindow, type WindowFigures } from './sliding-window';

export interface MonitoredTransaction {
  readonly id: string;
  /** ISO timestamp of the transaction on chain (deposits) or of the request (withdrawals). */
  readonly at: string;
  readonly direction: 'deposit' | 'withdrawal';
  readonly customerId: string;
  readonly assetId: string;
  /** Value in USD cents at the time, from the market prices the console holds. */
  readonly usdCents: bigint;
  readonly counterpartyAddress: string | null;
  readonly counterpartyCountry: string | null;
  readonly counterpartyVasp: string | null;
  readonly counterpartyPep: boolean;
}

export interface CustomerFacts {
  readonly riskLevel: 'low' | 'medium' | 'high' | null;
  readonly pep: boolean;
  readonly country: string | null;
  /** When the customer was onboarded (approved), ISO; null when unknown. */
  readonly onboardedAt: string | null;
}

export interface ListLookup {
  has(list: ListName, value: string): boolean;
}

export interface RuleHit {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly actions: readonly RuleAction[];
  /** Every leaf condition evaluated for the verdict, with the value it saw. */
  readonly conditions: readonly ConditionTrace[];
  /** The figures of every aggregate the rule read, as used. */
  readonly aggregates: Readonly<Record<string, string>>;
}

const DAY = 86_400_000;
/** How late a transaction may arrive and still see its whole window. */
const GRACE_MS = 6 * 3_600_000;

function scopeKey(per: CompiledAggregate['spec']['per'], tx: MonitoredTransaction): string | null {
  switch (per) {
    case 'customer':
      return tx.customerId;
    case 'address':
      return tx.counterpartyAddress;
    case 'counterparty':
      return tx.counterpartyVasp ?? tx.counterpartyAddress;
    case 'customer+address':
      return tx.counterpartyAddress === null ? null : `${tx.customerId}\u0000${tx.counterpartyAddress}`;
    default: {
      const never: never = per;
      throw new Error(`unknown aggregate scope ${String(never)}`);
    }
  }
}

class TransactionContext implements EvalContext {
  /** Figures read so far for this transaction, by aggregate position (undefined: not read yet). */
  readonly #figures: (bigint | number | null | undefined)[];
  readonly #contributes: boolean[];
  readonly atMs: number;

  constructor(
    private readonly engine: MonitoringEngine,
    readonly tx: MonitoredTransaction,
    private readonly customer: CustomerFacts,
    private readonly lists: ListLookup,
  ) {
    this.atMs = Date.parse(tx.at);
    this.#figures = new Array<bigint | number | null | undefined>(engine.rules.aggregates.length);
    this.#contributes = engine.rules.aggregates.map((a) => a.where === undefined || a.where(this));
  }

  contributes(index: number): boolean {
    return this.#contributes[index]!;
  }

  field(name: FieldName): FieldValue {
    const tx = this.tx;
    switch (name) {
      case 'tx.direction':
        return tx.direction;
      case 'tx.usd':
        return tx.usdCents;
      case 'tx.assetId':
        return tx.assetId;
      case 'tx.counterpartyAddress':
        return tx.counterpartyAddress;
      case 'tx.counterpartyCountry':
        return tx.counterpartyCountry;
      case 'tx.counterpartyVasp':
        return tx.counterpartyVasp;
      case 'tx.counterpartyPep':
        return tx.counterpartyPep;
      case 'customer.riskLevel':
        return this.customer.riskLevel;
      case 'customer.pep':
        return this.customer.pep;
      case 'customer.country':
        return this.customer.country;
      case 'customer.accountAgeDays':
        return this.customer.onboardedAt === null ? null : Math.floor((this.atMs - Date.parse(this.customer.onboardedAt)) / DAY);
      default: {
        const never: never = name;
        throw new Error(`unknown field ${String(never)}`);
      }
    }
  }

  inList(list: ListName, value: string): boolean {
    return this.lists.has(list, value);
  }

  aggregate(id: string): bigint | number | null {
    const index = this.engine.aggregateIndex(id);
    const known = this.#figures[index];
    if (known !== undefined) return known;
    const value = this.engine.figure(index, this);
    this.#figures[index] = value;
    return value;
  }

  readFigures(): Record<string, string> {
    const out: Record<string, string> = {};
    this.#figures.forEach((value, index) => {
      if (value !== undefined) out[this.engine.rules.aggregates[index]!.spec.id] = value === null ? '(none)' : value.toString();
    });
    return out;
  }
}

export class MonitoringEngine {
  /** Per aggregate (by position), per key. */
  readonly #windows: Map<string, SlidingWindow>[];
  readonly #indexById = new Map<string, number>();
  #seen = 0;

  constructor(
    readonly rules: CompiledRuleSet,
    private readonly lists: ListLookup,
  ) {
    this.#windows = rules.aggregates.map(() => new Map<string, SlidingWindow>());
    rules.aggregates.forEach((a, i) => this.#indexById.set(a.spec.id, i));
  }

  get transactionsSeen(): number {
    return this.#seen;
  }

  /** Judges one transaction under every enabled rule, then folds it into the aggregates. */
  evaluate(tx: MonitoredTransaction, customer: CustomerFacts): RuleHit[] {
    const ctx = this.#context(tx, customer);
    const hits: RuleHit[] = [];
    for (const rule of this.rules.rules) {
      if (!rule.enabled || !rule.when(ctx)) continue;
      // Run again with a trace: cheap (figures are cached) and only for the rules that fired.
      const trace: ConditionTrace[] = [];
      rule.when(ctx, trace);
      hits.push({ ruleId: rule.id, ruleName: rule.name, actions: rule.actions, conditions: trace, aggregates: ctx.readFigures() });
    }
    this.#fold(ctx);
    return hits;
  }

  /** Folds a transaction into the aggregates without judging it (warm-up after a restart, replays). */
  observe(tx: MonitoredTransaction, customer: CustomerFacts): void {
    this.#fold(this.#context(tx, customer));
  }

  /**
   * Takes a folded transaction back out of the aggregates (its database transaction rolled back),
   * given the same facts it was folded with.
   */
  unobserve(tx: MonitoredTransaction, customer: CustomerFacts): void {
    const ctx = this.#context(tx, customer);
    this.rules.aggregates.forEach((a, index) => {
      if (!ctx.contributes(index)) return;
      const key = scopeKey(a.spec.per, ctx.tx);
      if (key === null) return;
      const windows = this.#windows[index]!;
      const window = windows.get(key);
      if (!window) return;
      window.remove(ctx.atMs, this.#value(index, ctx), this.#label(index, ctx));
      if (window.size === 0) windows.delete(key);
    });
    this.#seen -= 1;
  }

  aggregateIndex(id: string): number {
    const index = this.#indexById.get(id);
    if (index === undefined) throw new VaultlineError('INTERNAL', `aggregate ${id} is not compiled`);
    return index;
  }

  /** One aggregate's figure for the transaction being judged. */
  figure(index: number, ctx: TransactionContext): bigint | number | null {
    const { spec } = this.rules.aggregates[index]!;
    const key = scopeKey(spec.per, ctx.tx);
    if (key === null) return null;
    const stored = this.#windows[index]!.get(key)?.figures(ctx.atMs) ?? { count: 0, sum: 0n, distinct: 0 };
    const figures = this.#withCurrent(stored, index, ctx);
    switch (spec.fn) {
      case 'count':
        return figures.count;
      case 'sum':
        return figures.sum;
      case 'avg':
        return figures.count === 0 ? null : figures.sum / BigInt(figures.count);
      case 'distinct':
        return figures.distinct;
      default: {
        const never: never = spec.fn;
        throw new Error(`unknown aggregate ${String(never)}`);
      }
    }
  }

  #withCurrent(stored: WindowFigures, index: number, ctx: TransactionContext): WindowFigures {
    const { spec } = this.rules.aggregates[index]!;
    if (spec.excludeCurrent || !ctx.contributes(index)) return stored;
    const label = this.#label(index, ctx);
    const window = this.#windows[index]!.get(scopeKey(spec.per, ctx.tx)!);
    // A value already in the window does not add to the distinct count.
    const isNew = label !== null && !(window?.hasLabelWithin(label, ctx.atMs) ?? false);
    return { count: stored.count + 1, sum: stored.sum + this.#value(index, ctx), distinct: stored.distinct + (isNew ? 1 : 0) };
  }

  #value(index: number, ctx: TransactionContext): bigint {
    const field = this.rules.aggregates[index]!.spec.field;
    if (!field) return 0n;
    const value = ctx.field(field);
    return typeof value === 'bigint' ? value : 0n;
  }

  #label(index: number, ctx: TransactionContext): string | null {
    const { spec } = this.rules.aggregates[index]!;
    if (spec.fn !== 'distinct' || !spec.field) return null;
    const value = ctx.field(spec.field);
    return value === null ? null : String(value);
  }

  #context(tx: MonitoredTransaction, customer: CustomerFacts): TransactionContext {
    if (!Number.isFinite(Date.parse(tx.at))) throw new VaultlineError('VALIDATION', `transaction ${tx.id}: "at" must be an ISO timestamp`);
    return new TransactionContext(this, tx, customer, this.lists);
  }

  #fold(ctx: TransactionContext): void {
    this.rules.aggregates.forEach((a, index) => {
      if (!ctx.contributes(index)) return;
      const key = scopeKey(a.spec.per, ctx.tx);
      if (key === null) return;
      const windows = this.#windows[index]!;
      let window = windows.get(key);
      if (!window) windows.set(key, (window = new SlidingWindow(a.windowMs, GRACE_MS)));
      window.add(ctx.atMs, this.#value(index, ctx), this.#label(index, ctx));
    });
    this.#seen += 1;
  }
}
