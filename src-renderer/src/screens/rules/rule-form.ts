/**
 * The rule-set form editor's pure parts: the document as the form sees it (plain JSON, which may not
 * yet satisfy the schema while someone is typing), reading and writing a value at a path, the kind
 * of input each constant in a condition needs, the condition in words, and a diff of two documents
 * in words for the officer to read before submitting ("high-value: tx.usd ≥ 10 000 → 15 000 USD").
 * The schema (src-shared/monitoring/rule-set.schema.ts) stays the only judge of validity; the form
 * only adds that a USD constant must be a decimal string (the schema's scalar would take any text).
 */
import { ACTIONS, FIELDS, LISTS, usdText, type ActionType, type AlertLevel } from '../../../../src-shared/monitoring/rule-set.schema';

export type Path = readonly (string | number)[];
type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };
type Obj = { readonly [k: string]: Json };

/** Text of a JSON value for reading (strings as they are). */
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? `${v}` : (JSON.stringify(v) ?? '?'));

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function getAt(doc: unknown, path: Path): unknown {
  let node: unknown = doc;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

/** A copy of `doc` with `value` at `path` (every node along the path copied, the rest shared). */
export function setAt<T>(doc: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  if (Array.isArray(doc)) {
    const copy = [...(doc as unknown[])];
    copy[head as number] = setAt(copy[head as number], rest, value);
    return copy as T;
  }
  const base = isObj(doc) ? doc : {};
  return { ...base, [head as string]: setAt((base as Record<string, unknown>)[head as string], rest, value) } as T;
}

/** The input a constant needs, from what the condition compares it with. */
export type ConstantKind = 'usd' | 'count' | 'number' | 'factor' | 'list' | 'boolean' | 'enum' | 'text';

export interface AggregateLike {
  readonly id?: unknown;
  readonly fn?: unknown;
  readonly field?: unknown;
}

/** The kind of the value a field condition compares with. */
export function fieldKind(field: unknown): ConstantKind {
  const spec = typeof field === 'string' ? (FIELDS as Record<string, { type: string }>)[field] : undefined;
  switch (spec?.type) {
    case 'money':
      return 'usd';
    case 'number':
      return 'count';
    case 'boolean':
      return 'boolean';
    case 'enum':
      return 'enum';
    default:
      return 'text';
  }
}

/** An aggregate's figure: sums and averages of a money field are USD, counts and distinct counts integers. */
export function aggregateKind(aggregates: unknown, id: unknown): ConstantKind {
  const spec = Array.isArray(aggregates) ? (aggregates as AggregateLike[]).find((a) => isObj(a) && a.id === id) : undefined;
  if (!spec) return 'number';
  if (spec.fn === 'count' || spec.fn === 'distinct') return 'count';
  return fieldKind(spec.field) === 'usd' ? 'usd' : 'number';
}

export function enumValues(field: unknown): readonly string[] {
  const spec = typeof field === 'string' ? (FIELDS as Record<string, { values?: readonly string[] }>)[field] : undefined;
  return spec?.values ?? [];
}

export const LIST_NAMES = Object.keys(LISTS);

export const OPS: Readonly<Record<string, string>> = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', between: 'between', in: 'is one of', not_in: 'is none of', in_list: 'is on the list', not_in_list: 'is not on the list' };

/** An editable constant: where it is, what input it needs, what it is now. */
export interface Constant {
  readonly path: Path;
  readonly kind: ConstantKind;
  readonly value: unknown;
  /** Of an enum field, the values it may take. */
  readonly field?: string;
}

/**
 * Every editable constant in a condition tree at `base`, in reading order: field values (and
 * between's min / max), lists, aggregate thresholds, baseline factors. `in` value lists and `use`
 * references are structure, edited in JSON.
 */
export function conditionConstants(doc: unknown, base: Path): Constant[] {
  const aggregates = getAt(doc, ['aggregates']);
  const out: Constant[] = [];
  const walk = (node: unknown, path: Path): void => {
    if (!isObj(node)) return;
    if (Array.isArray(node.all)) (node.all as unknown[]).forEach((c, i) => walk(c, [...path, 'all', i]));
    else if (Array.isArray(node.any)) (node.any as unknown[]).forEach((c, i) => walk(c, [...path, 'any', i]));
    else if ('not' in node) walk(node.not, [...path, 'not']);
    else if ('factor' in node) out.push({ path: [...path, 'factor'], kind: 'factor', value: node.factor });
    else if ('aggregate' in node) out.push({ path: [...path, 'value'], kind: aggregateKind(aggregates, node.aggregate), value: node.value });
    else if ('list' in node) out.push({ path: [...path, 'list'], kind: 'list', value: node.list });
    else if (node.op === 'between') {
      const kind = fieldKind(node.field);
      out.push({ path: [...path, 'min'], kind, value: node.min }, { path: [...path, 'max'], kind, value: node.max });
    } else if ('value' in node) out.push({ path: [...path, 'value'], kind: fieldKind(node.field), value: node.value, field: node.field as string });
  };
  walk(getAt(doc, base), base);
  return out;
}

/** Every editable constant of the document: each rule's conditions, each aggregate's window and filter. */
export function documentConstants(doc: unknown): Constant[] {
  const out: Constant[] = [];
  const rules = getAt(doc, ['rules']);
  if (Array.isArray(rules)) rules.forEach((_, i) => out.push(...conditionConstants(doc, ['rules', i, 'when'])));
  const aggregates = getAt(doc, ['aggregates']);
  if (Array.isArray(aggregates))
    aggregates.forEach((a, i) => {
      const w = isObj(a) && isObj(a.window) ? a.window : {};
      const unit = 'days' in w ? 'days' : 'hours';
      out.push({ path: ['aggregates', i, 'window', unit], kind: 'count', value: w[unit] });
      if (isObj(a) && 'where' in a) out.push(...conditionConstants(doc, ['aggregates', i, 'where']));
    });
  return out;
}

/** What the form refuses beyond the schema: a USD constant that is not a decimal string. */
export function constantIssue(c: Constant): string | undefined {
  if (c.kind === 'usd') return typeof c.value === 'string' && usdText.safeParse(c.value).success ? undefined : 'must be a USD amount such as "10000" or "2999.99"';
  if (c.kind === 'count') return typeof c.value === 'number' && Number.isInteger(c.value) && c.value >= 0 ? undefined : 'must be a whole number';
  return undefined;
}

/** A USD decimal string grouped for reading: "15000" → "15 000", "2999.99" → "2 999.99". */
export function groupUsd(text: string): string {
  const [whole = '', cents] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return cents === undefined ? grouped : `${grouped}.${cents}`;
}

export function showConstant(kind: ConstantKind, value: unknown): string {
  if (kind === 'usd' && typeof value === 'string') return `${groupUsd(value)} USD`;
  if (kind === 'factor') return `${str(value)} ×`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A window `{ hours: 1 }` → "1 h", `{ days: 90 }` → "90 d". */
export function showWindow(window: unknown): string {
  if (!isObj(window)) return '?';
  if ('days' in window) return `${str(window.days)} d`;
  if ('hours' in window) return `${str(window.hours)} h`;
  return '?';
}

/** The alert level of a rule's actions, if it alerts. */
export function alertLevel(actions: unknown): AlertLevel | undefined {
  if (!Array.isArray(actions)) return undefined;
  const alert = (actions as unknown[]).find((a) => isObj(a) && a.type === 'alert');
  return isObj(alert) ? (alert.level as AlertLevel) : undefined;
}

export function actionTypes(actions: unknown): ActionType[] {
  return Array.isArray(actions) ? (actions as unknown[]).filter(isObj).map((a) => a.type as ActionType) : [];
}

/** The actions for these types, in the schema's order; an alert keeps `level` (medium when new). */
export function actionsOf(types: readonly string[], level: AlertLevel | undefined): unknown[] {
  return ACTIONS.filter((t) => types.includes(t)).map((t) => (t === 'alert' ? { type: 'alert', level: level ?? 'medium' } : { type: t }));
}

/** The words for the constant at `path` inside a condition: "tx.usd ≥", "customer-count-1h ≥", "factor of customer-avg-90d". */
function subject(doc: unknown, path: Path): string {
  const key = path[path.length - 1];
  const node = getAt(doc, path.slice(0, -1));
  if (!isObj(node)) return str(key);
  if (key === 'factor') return `${str(node.field)} ${OPS[str(node.op)] ?? ''} factor × ${str(node.aggregate)}`;
  if (key === 'list') return `${str(node.field)} ${OPS[str(node.op)] ?? ''}`;
  if (key === 'min' || key === 'max') return `${str(node.field)} between, ${key}`;
  if ('aggregate' in node) return `${str(node.aggregate)} ${OPS[str(node.op)] ?? ''}`;
  return `${str(node.field)} ${OPS[str(node.op)] ?? ''}`;
}

/** The shape of a condition tree without its constants: equal shapes can be diffed constant by constant. */
function shape(doc: unknown, base: Path): string {
  const node = getAt(doc, base);
  const constants = new Set(conditionConstants(doc, base).map((c) => JSON.stringify(c.path)));
  const strip = (n: unknown, path: Path): unknown => {
    if (Array.isArray(n)) return n.map((x, i) => strip(x, [...path, i]));
    if (!isObj(n)) return n;
    return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, constants.has(JSON.stringify([...path, k])) ? '#' : strip(v, [...path, k])]));
  };
  return JSON.stringify(strip(node, base));
}

function conditionChanges(before: unknown, beforeBase: Path, after: unknown, afterBase: Path): string[] {
  if (shape(before, beforeBase) !== shape(after, afterBase)) return ['conditions restructured (see JSON)'];
  const old = conditionConstants(before, beforeBase);
  return conditionConstants(after, afterBase).flatMap((c, i) => {
    const was = old[i];
    if (!was || JSON.stringify(was.value) === JSON.stringify(c.value)) return [];
    return [`${subject(after, c.path)} ${showConstant(was.kind, was.value)} → ${showConstant(c.kind, c.value)}`];
  });
}

const byId = (list: unknown): Map<string, { index: number; node: Obj }> => {
  const out = new Map<string, { index: number; node: Obj }>();
  if (Array.isArray(list)) (list as unknown[]).forEach((node, index) => isObj(node) && typeof node.id === 'string' && out.set(node.id, { index, node }));
  return out;
};

/** What `after` changes from `before`, one line per rule or aggregate ("high-value: tx.usd ≥ 10 000 USD → 15 000 USD"). */
export function diffDocuments(before: unknown, after: unknown): string[] {
  const lines: string[] = [];
  const was = byId(getAt(before, ['rules']));
  const now = byId(getAt(after, ['rules']));
  for (const [id, { index, node }] of now) {
    const old = was.get(id);
    if (!old) {
      lines.push(`${id}: new rule`);
      continue;
    }
    const changes: string[] = [];
    if (old.node.enabled !== node.enabled) changes.push(node.enabled === false ? 'disabled' : 'enabled');
    if (old.node.name !== node.name) changes.push(`title “${str(old.node.name)}” → “${str(node.name)}”`);
    if (old.node.description !== node.description) changes.push('description edited');
    const [la, lb] = [alertLevel(old.node.actions), alertLevel(node.actions)];
    if (la !== lb) changes.push(`level ${la ?? 'none'} → ${lb ?? 'none'}`);
    const [ta, tb] = [actionTypes(old.node.actions).filter((t) => t !== 'alert'), actionTypes(node.actions).filter((t) => t !== 'alert')];
    const added = tb.filter((t) => !ta.includes(t));
    const removed = ta.filter((t) => !tb.includes(t));
    if (added.length > 0) changes.push(`adds ${added.join(', ')}`);
    if (removed.length > 0) changes.push(`drops ${removed.join(', ')}`);
    changes.push(...conditionChanges(before, ['rules', old.index, 'when'], after, ['rules', index, 'when']));
    if (changes.length > 0) lines.push(`${id}: ${changes.join('; ')}`);
  }
  for (const id of was.keys()) if (!now.has(id)) lines.push(`${id}: rule removed`);
  const aggWas = byId(getAt(before, ['aggregates']));
  const aggNow = byId(getAt(after, ['aggregates']));
  for (const [id, { index, node }] of aggNow) {
    const old = aggWas.get(id);
    if (!old) {
      lines.push(`aggregate ${id}: new`);
      continue;
    }
    const changes: string[] = [];
    if (showWindow(old.node.window) !== showWindow(node.window)) changes.push(`window ${showWindow(old.node.window)} → ${showWindow(node.window)}`);
    if ('where' in old.node || 'where' in node) changes.push(...conditionChanges(before, ['aggregates', old.index, 'where'], after, ['aggregates', index, 'where']));
    const { window: _w1, where: _x1, ...restOld } = old.node;
    const { window: _w2, where: _x2, ...restNow } = node;
    if (JSON.stringify(restOld) !== JSON.stringify(restNow)) changes.push('definition changed (see JSON)');
    if (changes.length > 0) lines.push(`aggregate ${id}: ${changes.join('; ')}`);
  }
  for (const id of aggWas.keys()) if (!aggNow.has(id)) lines.push(`aggregate ${id}: removed`);
  if (JSON.stringify(getAt(before, ['conditions']) ?? {}) !== JSON.stringify(getAt(after, ['conditions']) ?? {})) lines.push('named conditions changed (see JSON)');
  if (getAt(before, ['name']) !== getAt(after, ['name'])) lines.push(`rule-set name “${str(getAt(before, ['name']))}” → “${str(getAt(after, ['name']))}”`);
  return lines;
}
