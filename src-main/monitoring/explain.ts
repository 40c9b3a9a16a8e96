/**
 * An alert's stored evidence, explained: each figure and each condition value with its kind, read
 * off the aggregate specs of the rule-set version that raised it (sum/avg of tx.usd are USD cents,
 * count counts transactions, distinct counts different values of a field). A condition on a USD
 * field or a USD aggregate stored its value as "5206.25 USD": it is given back as integer cents
 * (exact, no float), so the screen formats every USD value one way. Anything else keeps its text
 * and has no kind.
 *
 * Which aggregate or field a condition read is stored with it (`reads`, since the evidence carried
 * it). Alerts raised before that have no `reads`: for them only, the subject is taken from the first
 * word of the description the compiler wrote ("customer-usd-1h ≥ 5000.00 USD", "tx.usd between …").
 */
import { FIELDS, type AggregateSpec, type FieldName } from '../../src-shared/monitoring/rule-set.schema';
import type { ConditionTrace } from './rule-compiler';

export type FigureKind = 'usd_cents' | 'count' | 'ratio' | 'amount';
export interface FigureView {
  readonly value: string;
  readonly kind: FigureKind;
  readonly unit?: string;
}

/** What a condition leaf read, stored in the alert's evidence when it is raised. */
export interface ConditionReads {
  readonly aggregate?: string;
  readonly field?: string;
}

/** One condition as stored per alert (monitoring_alerts.conditions → StoredEvidence.conditions). */
export interface StoredCondition {
  readonly path: string;
  readonly description: string;
  readonly holds: boolean;
  readonly values: Record<string, string>;
  /** Absent on alerts stored before it was recorded (they fall back to the description). */
  readonly reads?: ConditionReads;
}

export interface ExplainedCondition {
  readonly path: string;
  readonly description: string;
  readonly holds: boolean;
  readonly values: Record<string, string>;
  readonly kinds: Record<string, FigureKind>;
}

/** A leaf's trace as the alert stores it, with what it read. */
export function storedConditionOf(c: ConditionTrace): StoredCondition {
  return {
    path: c.path,
    description: c.text,
    holds: c.held,
    values: { value: c.actual },
    reads: { ...(c.aggregate === undefined ? {} : { aggregate: c.aggregate }), ...(c.field === undefined ? {} : { field: c.field }) },
  };
}

/** "5206.25 USD" (as the compiler shows a USD value) → "520625"; anything else → undefined. */
export function usdTextToCents(text: string): string | undefined {
  const m = /^(\d{1,15})\.(\d{2}) USD$/.exec(text);
  return m ? (BigInt(m[1]!) * 100n + BigInt(m[2]!)).toString() : undefined;
}

function kindOf(spec: AggregateSpec): { kind: FigureKind; unit?: string } {
  if (spec.fn === 'sum' || spec.fn === 'avg') return { kind: 'usd_cents' };
  if (spec.fn === 'count') return { kind: 'count', unit: 'transactions' };
  return { kind: 'count', unit: `different values of ${spec.field ? FIELDS[spec.field].label.toLowerCase() : 'a field'}` };
}

const isMoneyField = (name: string): boolean => name in FIELDS && FIELDS[name as FieldName].type === 'money';

/** The kind of a condition's values, from what it read. */
function conditionKind(c: StoredCondition, specs: ReadonlyMap<string, AggregateSpec>): FigureKind | undefined {
  if (c.reads) {
    // A factor reads both a USD field and a USD aggregate; either way its values are USD.
    if (c.reads.field !== undefined && isMoneyField(c.reads.field)) return 'usd_cents';
    const spec = c.reads.aggregate === undefined ? undefined : specs.get(c.reads.aggregate);
    return spec ? kindOf(spec).kind : undefined;
  }
  // Legacy: an alert stored before `reads` was recorded. The compiler's descriptions start with the
  // aggregate id or the field name (rule-compiler.ts), so the first word names the subject.
  const head = c.description.split(' ')[0] ?? '';
  const spec = specs.get(head);
  return spec ? kindOf(spec).kind : isMoneyField(head) ? 'usd_cents' : undefined;
}

export function explainEvidence(
  aggregates: readonly AggregateSpec[],
  figures: Readonly<Record<string, string>>,
  conditions: readonly StoredCondition[],
): { figures: Record<string, FigureView>; conditions: ExplainedCondition[] } {
  const specs = new Map(aggregates.map((a) => [a.id, a]));
  const outFigures: Record<string, FigureView> = {};
  for (const [id, value] of Object.entries(figures)) {
    const spec = specs.get(id);
    outFigures[id] = spec ? { value, ...kindOf(spec) } : { value, kind: 'amount' };
  }
  const outConditions = conditions.map((c) => {
    const kind = conditionKind(c, specs);
    const values: Record<string, string> = {};
    const kinds: Record<string, FigureKind> = {};
    for (const [name, text] of Object.entries(c.values)) {
      const cents = kind === 'usd_cents' ? usdTextToCents(text) : undefined;
      if (cents !== undefined) {
        values[name] = cents;
        kinds[name] = 'usd_cents';
      } else if (kind === 'count' && /^\d+$/.test(text)) {
        values[name] = text;
        kinds[name] = 'count';
      } else values[name] = text;
    }
    return { path: c.path, description: c.description, holds: c.holds, values, kinds };
  });
  return { figures: outFigures, conditions: outConditions };
}
