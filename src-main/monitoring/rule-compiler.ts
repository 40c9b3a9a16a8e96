/**
 * Turns a rule-set document into checked, typed predicates. Everything a rule refers to is
 * resolved here, once: fields and lists against the catalogue, aggregates by id, named conditions
 * by name (a cycle among them is refused: the rule would never terminate), constants parsed into
 * the field's type (USD as integer cents, never floats). A document that compiles can only fail
 * at run time on a bug, not on its content.
 */
import { fieldIssues, type FieldIssue } from '../../src-shared/errors';
import {
  FIELDS,
  ruleSet as ruleSetSchema,
  type AggregateSpec,
  type Comparison,
  type Condition,
  type FieldName,
  type ListName,
  type RuleAction,
  type RuleSet,
} from '../../src-shared/monitoring/rule-set.schema';
import { formatUsdCents } from '../../src-shared/money';
import { VaultlineError } from '../errors';

export type FieldValue = string | number | boolean | bigint | null;

/** What one predicate sees: fields of the transaction and customer, lists, aggregate figures. */
export interface EvalContext {
  field(name: FieldName): FieldValue;
  inList(list: ListName, value: string): boolean;
  aggregate(id: string): bigint | number | null;
}

/** One leaf's verdict and the values behind it, for the alert's explanation. */
export interface ConditionTrace {
  readonly path: string;
  readonly text: string;
  readonly held: boolean;
  readonly actual: string;
  /** The aggregate the leaf read, by id (an aggregate comparison, or the base of a factor). */
  readonly aggregate?: string;
  /** The field the leaf read (a field comparison, or the scaled side of a factor). */
  readonly field?: FieldName;
}

export type Predicate = (ctx: EvalContext, trace?: ConditionTrace[]) => boolean;

export interface CompiledAggregate {
  readonly spec: AggregateSpec;
  readonly windowMs: number;
  readonly where: Predicate | undefined;
}

export interface CompiledRule {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly actions: readonly RuleAction[];
  readonly when: Predicate;
}

export interface CompiledRuleSet {
  readonly document: RuleSet;
  readonly aggregates: readonly CompiledAggregate[];
  readonly rules: readonly CompiledRule[];
  /** The longest window any aggregate looks back over: how much history a restart must reload. */
  readonly lookbackMs: number;
}

const HOUR = 3_600_000;
const MAX_DEPTH = 24;

const USD = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;

export function usdToCents(text: string): bigint {
  const match = USD.exec(text);
  if (!match) throw new Error(`"${text}" is not a USD amount`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '.').slice(1).padEnd(2, '0'));
}

export const centsToUsd = formatUsdCents;

function compare(a: bigint | number | string | boolean, op: Comparison, b: bigint | number | string | boolean): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    default: {
      const never: never = op;
      throw new Error(`unknown comparison ${String(never)}`);
    }
  }
}

const OP_TEXT: Record<Comparison, string> = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤' };

function show(value: FieldValue | undefined, money: boolean): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'bigint') return money ? `${centsToUsd(value)} USD` : value.toString();
  return String(value);
}

class Compiler {
  readonly issues: FieldIssue[] = [];
  readonly #aggregates = new Map<string, AggregateSpec>();
  readonly #named: Readonly<Record<string, Condition>>;
  readonly #compiledNamed = new Map<string, Predicate>();
  readonly #inProgress: string[] = [];

  constructor(readonly doc: RuleSet) {
    this.#named = doc.conditions ?? {};
    for (const [i, a] of doc.aggregates.entries()) {
      if (this.#aggregates.has(a.id)) this.issue(`aggregates.${i}.id`, `aggregate "${a.id}" is defined twice`);
      this.#aggregates.set(a.id, a);
    }
  }

  issue(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** Parses a constant for a field of the given type; reports and returns undefined when it does not fit. */
  constant(path: string, field: FieldName, value: string | number | boolean): bigint | number | string | boolean | undefined {
    const spec = FIELDS[field];
    switch (spec.type) {
      case 'money':
        if (typeof value === 'string' && USD.test(value)) return usdToCents(value);
        if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value) * 100n;
        this.issue(path, `${field} is a USD amount: give it as a string such as "10000" or "2999.99"`);
        return undefined;
      case 'number':
        if (typeof value === 'number') return value;
        this.issue(path, `${field} is a number`);
        return undefined;
      case 'boolean':
        if (typeof value === 'boolean') return value;
        this.issue(path, `${field} is true or false`);
        return undefined;
      case 'enum':
        if (typeof value === 'string' && (spec.values as readonly string[]).includes(value)) return value;
        this.issue(path, `${field} is one of ${spec.values.join(', ')}`);
        return undefined;
      case 'string':
        if (typeof value === 'string') return value;
        this.issue(path, `${field} is text`);
        return undefined;
      default: {
        const never: never = spec;
        throw new Error(`unknown field type ${String(never)}`);
      }
    }
  }

  aggregateConstant(path: string, spec: AggregateSpec, value: string | number): bigint | number | undefined {
    if (spec.fn === 'sum' || spec.fn === 'avg') {
      if (typeof value === 'string' && USD.test(value)) return usdToCents(value);
      this.issue(path, `aggregate "${spec.id}" is a USD amount: give it as a string such as "5000"`);
      return undefined;
    }
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
    this.issue(path, `aggregate "${spec.id}" counts transactions: give a whole number`);
    return undefined;
  }

  condition(c: Condition, path: string, depth: number, inWhere: boolean): Predicate {
    const never: Predicate = () => false;
    if (depth > MAX_DEPTH) {
      this.issue(path, `conditions nest deeper than ${MAX_DEPTH} levels`);
      return never;
    }
    if ('all' in c) {
      const parts = c.all.map((p, i) => this.condition(p, `${path}.all.${i}`, depth + 1, inWhere));
      return (ctx, trace) => {
        // With a trace every part runs, so the explanation shows them all; without, stop early.
        let held = true;
        for (const part of parts) {
          if (!part(ctx, trace)) {
            held = false;
            if (!trace) break;
          }
        }
        return held;
      };
    }
    if ('any' in c) {
      const parts = c.any.map((p, i) => this.condition(p, `${path}.any.${i}`, depth + 1, inWhere));
      return (ctx, trace) => {
        let held = false;
        for (const part of parts) {
          if (part(ctx, trace)) {
            held = true;
            if (!trace) break;
          }
        }
        return held;
      };
    }
    if ('not' in c) {
      const inner = this.condition(c.not, `${path}.not`, depth + 1, inWhere);
      return (ctx, trace) => !inner(ctx, trace);
    }
    if ('use' in c) return this.#use(c.use, path, depth, inWhere);
    if ('aggregate' in c) {
      if (inWhere) {
        this.issue(path, 'an aggregate filter cannot itself read an aggregate');
        return never;
      }
      const spec = this.#aggregates.get(c.aggregate);
      if (!spec) {
        this.issue(`${path}.aggregate`, `no aggregate is called "${c.aggregate}"`);
        return never;
      }
      if ('factor' in c) return this.#scaled(c, spec, path);
      const value = this.aggregateConstant(`${path}.value`, spec, c.value);
      if (value === undefined) return never;
      const money = spec.fn === 'sum' || spec.fn === 'avg';
      const text = `${spec.id} ${OP_TEXT[c.op]} ${money ? `${centsToUsd(value as bigint)} USD` : String(value)}`;
      return (ctx, trace) => {
        const actual = ctx.aggregate(spec.id);
        const held = actual !== null && compare(actual, c.op, value);
        trace?.push({ path, text, held, actual: show(actual, money), aggregate: spec.id });
        return held;
      };
    }
    return this.#fieldCondition(c, path);
  }

  #use(name: string, path: string, depth: number, inWhere: boolean): Predicate {
    const cycleAt = this.#inProgress.indexOf(name);
    if (cycleAt >= 0) {
      this.issue(`${path}.use`, `conditions refer to each other in a loop (${[...this.#inProgress.slice(cycleAt), name].join(' → ')}): the rule would never terminate`);
      return () => false;
    }
    const known = this.#compiledNamed.get(name);
    if (known && !inWhere) return known;
    const body = this.#named[name];
    if (!body) {
      this.issue(`${path}.use`, `no condition is called "${name}"`);
      return () => false;
    }
    this.#inProgress.push(name);
    const compiled = this.condition(body, `conditions.${name}`, depth + 1, inWhere);
    this.#inProgress.pop();
    if (!inWhere) this.#compiledNamed.set(name, compiled);
    return compiled;
  }

  #scaled(c: Extract<Condition, { factor: string }>, spec: AggregateSpec, path: string): Predicate {
    if (FIELDS[c.field].type !== 'money' || (spec.fn !== 'sum' && spec.fn !== 'avg')) {
      this.issue(path, 'a factor compares a USD field with a USD aggregate (sum or avg)');
      return () => false;
    }
    // factor "2.5" → 250 / 100: the comparison stays in integers.
    const [whole, fraction = ''] = c.factor.split('.');
    const hundredths = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
    const text = `${c.field} ${OP_TEXT[c.op]} ${c.factor} × ${spec.id}`;
    return (ctx, trace) => {
      const value = ctx.field(c.field);
      const base = ctx.aggregate(spec.id);
      const held = typeof value === 'bigint' && typeof base === 'bigint' && compare(value * 100n, c.op, base * hundredths);
      trace?.push({ path, text, held, actual: `${show(value, true)} against ${show(base, true)}`, aggregate: spec.id, field: c.field });
      return held;
    };
  }

  #fieldCondition(c: Exclude<Condition, { all: unknown } | { any: unknown } | { not: unknown } | { use: unknown } | { aggregate: string }>, path: string): Predicate {
    const field = c.field;
    const money = FIELDS[field].type === 'money';
    const never: Predicate = () => false;
    if (c.op === 'in_list' || c.op === 'not_in_list') {
      if (FIELDS[field].type !== 'string') {
        this.issue(path, `lists hold text values; ${field} is not text`);
        return never;
      }
      const wanted = c.op === 'in_list';
      const text = `${field} ${wanted ? 'on' : 'not on'} list ${c.list}`;
      return (ctx, trace) => {
        const value = ctx.field(field);
        const held = typeof value === 'string' && ctx.inList(c.list, value) === wanted;
        trace?.push({ path, text, held, actual: show(value, false), field });
        return held;
      };
    }
    if (c.op === 'in' || c.op === 'not_in') {
      const values = c.values.map((v, i) => this.constant(`${path}.values.${i}`, field, v));
      if (values.some((v) => v === undefined)) return never;
      const set = new Set(values);
      const wanted = c.op === 'in';
      const text = `${field} ${wanted ? 'in' : 'not in'} [${c.values.join(', ')}]`;
      return (ctx, trace) => {
        const value = ctx.field(field);
        const held = value !== null && set.has(value) === wanted;
        trace?.push({ path, text, held, actual: show(value, money), field });
        return held;
      };
    }
    if (c.op === 'between') {
      const min = this.constant(`${path}.min`, field, c.min);
      const max = this.constant(`${path}.max`, field, c.max);
      if (min === undefined || max === undefined) return never;
      if (min > max) {
        this.issue(path, 'between: min is above max, so nothing could ever match');
        return never;
      }
      const text = `${field} between ${String(c.min)} and ${String(c.max)}`;
      return (ctx, trace) => {
        const value = ctx.field(field);
        const held = value !== null && value >= min && value <= max;
        trace?.push({ path, text, held, actual: show(value, money), field });
        return held;
      };
    }
    if (!('value' in c)) throw new Error(`condition at ${path} has no value`);
    const value = this.constant(`${path}.value`, field, c.value);
    if (value === undefined) return never;
    const op = c.op;
    if (FIELDS[field].type === 'boolean' && c.op !== 'eq' && c.op !== 'ne') {
      this.issue(`${path}.op`, `${field} is true or false: compare with eq or ne`);
      return never;
    }
    const text = `${field} ${OP_TEXT[op]} ${money ? `${String(c.value)} USD` : String(c.value)}`;
    return (ctx, trace) => {
      const actual = ctx.field(field);
      const held = actual !== null && compare(actual, op, value);
      trace?.push({ path, text, held, actual: show(actual, money), field });
      return held;
    };
  }

  aggregate(spec: AggregateSpec, path: string): CompiledAggregate {
    const windowMs = 'hours' in spec.window ? spec.window.hours * HOUR : spec.window.days * 24 * HOUR;
    if ((spec.fn === 'sum' || spec.fn === 'avg') && (!spec.field || FIELDS[spec.field].type !== 'money')) {
      this.issue(`${path}.field`, `${spec.fn} needs a USD field to add up (tx.usd)`);
    }
    if (spec.fn === 'distinct' && !spec.field) this.issue(`${path}.field`, 'distinct needs the field whose different values it counts');
    if (spec.fn === 'count' && spec.field) this.issue(`${path}.field`, 'count counts transactions and takes no field');
    const where = spec.where ? this.condition(spec.where, `${path}.where`, 0, true) : undefined;
    return { spec, windowMs, where };
  }
}

/** Checks and compiles a rule-set document; refuses it with every problem found, by path. */
export function compileRuleSet(input: unknown): CompiledRuleSet {
  const parsed = ruleSetSchema.safeParse(input);
  if (!parsed.success) {
    throw new VaultlineError('VALIDATION', `The rule set does not match its schema: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(document)'} ${i.message}`).join('; ')}.`, { issues: fieldIssues(parsed.error) });
  }
  const doc = parsed.data;
  const compiler = new Compiler(doc);
  const aggregates = doc.aggregates.map((a, i) => compiler.aggregate(a, `aggregates.${i}`));
  const ids = new Set<string>();
  const rules = doc.rules.map((r, i): CompiledRule => {
    if (ids.has(r.id)) compiler.issue(`rules.${i}.id`, `rule "${r.id}" is defined twice`);
    ids.add(r.id);
    return { id: r.id, name: r.name, enabled: r.enabled, actions: r.actions, when: compiler.condition(r.when, `rules.${i}.when`, 0, false) };
  });
  for (const name of Object.keys(doc.conditions ?? {})) compiler.condition({ use: name }, `conditions.${name}`, 0, false);
  if (compiler.issues.length > 0) {
    const first = compiler.issues[0]!;
    throw new VaultlineError('VALIDATION', `The rule set cannot be used: ${first.path} ${first.message}${compiler.issues.length > 1 ? ` (and ${compiler.issues.length - 1} more)` : ''}.`, { issues: compiler.issues.slice(0, 20) });
  }
  const lookbackMs = Math.max(0, ...aggregates.map((a) => a.windowMs));
  return { document: doc, aggregates, rules, lookbackMs };
}
