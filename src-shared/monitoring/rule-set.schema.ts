/**
 * A transaction-monitoring rule set is data: a versioned JSON document that compliance officers
 * edit in the console and the engine compiles. This file is its grammar (zod, shared so the
 * renderer's editor validates as the core does) and the catalogue of what a rule may refer to:
 * transaction and customer fields, reference lists, windowed aggregates.
 *
 * Shape: `aggregates` (windowed count / sum / average / distinct count, per customer, counterparty
 * address, counterparty, or customer and address together, optionally filtered), named
 * `conditions` a rule can `use`, and ordered `rules`, each a condition tree with actions.
 */
import { z } from 'zod';

/** What a condition may read, with its type: the compiler refuses any other name. */
export const FIELDS = {
  'tx.direction': { type: 'enum', values: ['deposit', 'withdrawal'], label: 'Direction' },
  'tx.usd': { type: 'money', label: 'USD value' },
  'tx.assetId': { type: 'string', label: 'Asset' },
  'tx.counterpartyAddress': { type: 'string', label: 'Counterparty address' },
  'tx.counterpartyCountry': { type: 'string', label: 'Counterparty country (ISO alpha-2)' },
  'tx.counterpartyVasp': { type: 'string', label: 'Counterparty VASP' },
  'tx.counterpartyPep': { type: 'boolean', label: 'Counterparty is a PEP' },
  'customer.riskLevel': { type: 'enum', values: ['low', 'medium', 'high'], label: 'Customer risk level' },
  'customer.pep': { type: 'boolean', label: 'Customer is a PEP' },
  'customer.country': { type: 'string', label: 'Customer residence (ISO alpha-2)' },
  'customer.accountAgeDays': { type: 'number', label: 'Days since the customer was onboarded' },
} as const;
export type FieldName = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

/** Reference lists the console maintains; a rule names them, the host supplies their contents. */
export const LISTS = {
  'sanctioned-addresses': 'Sanctioned wallet addresses (OFAC and list updates)',
  mixers: 'Known mixer and tumbler addresses',
  'high-risk-jurisdictions': 'FATF high-risk and increased-monitoring jurisdictions',
  'pep-addresses': 'Addresses linked to politically exposed persons',
} as const;
export type ListName = keyof typeof LISTS;

export const ACTIONS = ['alert', 'enhanced_monitoring', 'hold', 'freeze_review', 'require_source_of_funds', 'block_sar'] as const;
export type ActionType = (typeof ACTIONS)[number];
export const ALERT_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** Windows are bounded: the engine keeps at most this much history in memory. */
export const MAX_WINDOW_DAYS = 400;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and dashes');
/** USD amounts in rules are decimal strings with at most two places ("10000", "2999.99"). */
export const usdText = z.string().regex(/^(0|[1-9]\d{0,14})(\.\d{1,2})?$/, 'must be a USD amount such as "10000" or "2999.99"');
const scalar = z.union([z.string().max(200), z.number().finite(), z.boolean()]);
const comparison = z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']);
export type Comparison = z.infer<typeof comparison>;
const fieldName = z.string().refine((f): f is FieldName => f in FIELDS, { message: 'is not a known field' }) as unknown as z.ZodType<FieldName>;
const listName = z.string().refine((l): l is ListName => l in LISTS, { message: 'is not a known list' }) as unknown as z.ZodType<ListName>;

export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | { readonly use: string }
  | { readonly field: FieldName; readonly op: Comparison; readonly value: string | number | boolean }
  | { readonly field: FieldName; readonly op: 'between'; readonly min: string | number; readonly max: string | number }
  | { readonly field: FieldName; readonly op: 'in' | 'not_in'; readonly values: readonly (string | number)[] }
  | { readonly field: FieldName; readonly op: 'in_list' | 'not_in_list'; readonly list: ListName }
  | { readonly aggregate: string; readonly op: Comparison; readonly value: string | number }
  /** `field op factor × aggregate`: e.g. the amount above 200 % of the 90-day average. */
  | { readonly field: FieldName; readonly op: Comparison; readonly aggregate: string; readonly factor: string };

export const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(condition).min(1).max(50) }).strict(),
    z.object({ any: z.array(condition).min(1).max(50) }).strict(),
    z.object({ not: condition }).strict(),
    z.object({ use: id }).strict(),
    z.object({ field: fieldName, op: comparison, value: scalar }).strict(),
    z.object({ field: fieldName, op: z.literal('between'), min: z.union([z.string().max(40), z.number().finite()]), max: z.union([z.string().max(40), z.number().finite()]) }).strict(),
    z.object({ field: fieldName, op: z.enum(['in', 'not_in']), values: z.array(z.union([z.string().max(200), z.number().finite()])).min(1).max(1000) }).strict(),
    z.object({ field: fieldName, op: z.enum(['in_list', 'not_in_list']), list: listName }).strict(),
    z.object({ aggregate: id, op: comparison, value: z.union([z.string().max(40), z.number().finite()]) }).strict(),
    z.object({ field: fieldName, op: comparison, aggregate: id, factor: z.string().regex(/^\d{1,4}(\.\d{1,2})?$/, 'must be a factor such as "2" or "1.5"') }).strict(),
  ]),
);

const window = z
  .union([z.object({ hours: z.number().int().min(1).max(MAX_WINDOW_DAYS * 24) }).strict(), z.object({ days: z.number().int().min(1).max(MAX_WINDOW_DAYS) }).strict()])
  .describe('a window of whole hours or days');

export const AGGREGATE_SCOPES = ['customer', 'address', 'counterparty', 'customer+address'] as const;
export type AggregateScope = (typeof AGGREGATE_SCOPES)[number];

export const aggregate = z
  .object({
    id,
    description: z.string().max(500).optional(),
    fn: z.enum(['count', 'sum', 'avg', 'distinct']),
    /** sum and avg read a money field; distinct counts different values of any field. */
    field: fieldName.optional(),
    per: z.enum(AGGREGATE_SCOPES),
    window,
    /** Only transactions that satisfy this count (no aggregates or `use` inside: it is evaluated as each one arrives). */
    where: condition.optional(),
    /** A baseline leaves the transaction being judged out of its own figure. */
    excludeCurrent: z.boolean().optional(),
  })
  .strict();
export type AggregateSpec = z.infer<typeof aggregate>;

export const action = z.union([
  z.object({ type: z.literal('alert'), level: z.enum(ALERT_LEVELS) }).strict(),
  z.object({ type: z.enum(['enhanced_monitoring', 'hold', 'freeze_review', 'require_source_of_funds', 'block_sar']) }).strict(),
]);
export type RuleAction = z.infer<typeof action>;

export const rule = z
  .object({
    id,
    name: z.string().min(3).max(120),
    description: z.string().max(2000),
    enabled: z.boolean(),
    when: condition,
    actions: z.array(action).min(1).max(6),
  })
  .strict();
export type Rule = z.infer<typeof rule>;

export const ruleSet = z
  .object({
    schema: z.literal('vaultline.monitoring.rule-set/1'),
    name: z.string().min(3).max(120),
    description: z.string().max(4000).optional(),
    aggregates: z.array(aggregate).max(100),
    conditions: z.record(id, condition).optional(),
    rules: z.array(rule).min(1).max(200),
  })
  .strict();
export type RuleSet = z.infer<typeof ruleSet>;
