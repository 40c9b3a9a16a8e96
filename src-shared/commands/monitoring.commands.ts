/**
 * Transaction monitoring (issue 9): rule-set versions under maker/checker, backtests of a version
 * over the stored history, the alert queue (list, groups, detail, assign, next, bulk close) and
 * suppressions of one rule for one customer. Contract: shared with the cases/SAR backend and the
 * Alerts/Cases screens; these schemas are the single truth.
 */
import { z } from 'zod';
import { defineCommand } from './define';
import { isoTimestamp, operatorId } from '../schemas';
import { ALERT_LEVELS } from '../monitoring/rule-set.schema';

/** Compliance staff work alerts; auditors read. */
const readers = { roles: ['compliance_analyst', 'compliance_officer', 'auditor'] as const };
const workers = { roles: ['compliance_analyst', 'compliance_officer'] as const };
/** Rule sets are drafted and approved by compliance officers (approval by one who is not the author). */
const officers = { roles: ['compliance_officer'] as const };

const reason = z.string().trim().min(10, 'must explain the reason in at least 10 characters').max(2000);
const customerId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be a customer reference (letters, digits, _ . : -)');
const ruleId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a rule id (lower-case letters, digits and dashes)');
const minorAmount = z.string().regex(/^\d+$/);
export const alertId = z.number().int().positive();
export const ruleVersionNumber = z.number().int().positive();
export const alertLevel = z.enum(ALERT_LEVELS);
export const alertState = z.enum(['open', 'closed', 'suppressed']);
export const alertOutcome = z.enum(['false_positive', 'valuable', 'risk_confirmed']);
export const ruleVersionState = z.enum(['draft', 'active', 'retired', 'rejected']);

export const ruleVersionView = z.object({
  version: ruleVersionNumber,
  state: ruleVersionState,
  author: z.string(),
  createdAt: isoTimestamp,
  approvedBy: z.string().nullable(),
  activatedAt: isoTimestamp.nullable(),
  rejectedBy: z.string().nullable(),
  rejectReason: z.string().nullable(),
  ruleCount: z.number().int(),
  note: z.string(),
  sha256: z.string(),
});

export const monitoringRulesList = defineCommand({
  name: 'monitoring.rules.list',
  summary: 'Every rule-set version, newest first',
  access: readers,
  input: z.object({}).strict(),
  output: z.object({ versions: z.array(ruleVersionView) }),
});

export const monitoringRulesGet = defineCommand({
  name: 'monitoring.rules.get',
  summary: 'One rule-set version with its document',
  access: readers,
  input: z.object({ version: ruleVersionNumber }).strict(),
  /** `document` is a RuleSet (src-shared/monitoring/rule-set.schema.ts). */
  output: z.object({ version: ruleVersionView, document: z.unknown() }),
});

export const monitoringRulesDraft = defineCommand({
  name: 'monitoring.rules.draft',
  summary: 'Store a new rule-set version as a draft (checked: schema, fields, lists, termination)',
  access: officers,
  input: z.object({ document: z.unknown(), note: z.string().trim().min(3).max(2000) }).strict(),
  output: z.object({ version: ruleVersionView }),
});

export const monitoringRulesApprove = defineCommand({
  name: 'monitoring.rules.approve',
  summary: 'Activate a draft rule set: a compliance officer other than its author',
  access: officers,
  input: z.object({ version: ruleVersionNumber }).strict(),
  output: z.object({ version: ruleVersionView }),
});

export const monitoringRulesReject = defineCommand({
  name: 'monitoring.rules.reject',
  summary: 'Reject a draft rule set, with the reason',
  access: officers,
  input: z.object({ version: ruleVersionNumber, reason }).strict(),
  output: z.object({ version: ruleVersionView }),
});

export const backtestRuleView = z.object({
  ruleId: z.string(),
  title: z.string(),
  wouldRaise: z.number().int(),
  activeRaised: z.number().int(),
  added: z.number().int(),
  removed: z.number().int(),
  historicalFalsePositiveRate: z.number().min(0).max(1).nullable(),
  resolvedAlerts: z.number().int(),
});

/** What `jobs.get` carries as `result` once a backtest job is done. */
export const backtestResultView = z.object({
  version: ruleVersionNumber,
  activeVersion: ruleVersionNumber.nullable(),
  from: isoTimestamp,
  to: isoTimestamp,
  transactions: z.number().int(),
  alerts: z.number().int(),
  activeAlerts: z.number().int(),
  perRule: z.array(backtestRuleView),
  sample: z.array(z.object({ change: z.enum(['added', 'removed']), txId: z.string(), ruleId: z.string(), at: isoTimestamp })),
});
export type BacktestResultView = z.infer<typeof backtestResultView>;

export const monitoringBacktestStart = defineCommand({
  name: 'monitoring.backtest.start',
  summary: 'Backtest a rule-set version over the stored history, beside the active one (a job: poll jobs.get)',
  access: workers,
  input: z.object({ version: ruleVersionNumber, from: isoTimestamp, to: isoTimestamp }).strict(),
  output: z.object({ job: z.string() }),
});

export const alertRow = z.object({
  id: alertId,
  raisedAt: isoTimestamp,
  level: alertLevel,
  ruleId: z.string(),
  ruleTitle: z.string(),
  ruleVersion: ruleVersionNumber,
  customerId: z.string(),
  customerName: z.string().nullable(),
  txRef: z.string(),
  direction: z.enum(['deposit', 'withdrawal']),
  assetId: z.string(),
  /** Minor units of the asset. */
  amount: minorAmount,
  usdCents: minorAmount,
  assignee: z.string().nullable(),
  state: alertState,
  outcome: alertOutcome.nullable(),
  caseId: z.string().nullable(),
});
export type AlertRow = z.infer<typeof alertRow>;

export const alertFilter = z
  .object({
    /** Default `open`. Suppressed hits have their own state (recorded, visible, never silent); `all` shows every state. */
    state: z.enum(['open', 'closed', 'suppressed', 'all']).optional(),
    level: alertLevel.optional(),
    ruleId: ruleId.optional(),
    customerId: customerId.optional(),
    assignee: z.union([z.literal('me'), z.literal('unassigned'), operatorId]).optional(),
    /** Matches the alert id, customer id or name, transaction reference. */
    q: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type AlertFilter = z.infer<typeof alertFilter>;

export const alertSort = z.object({ by: z.enum(['raisedAt', 'level', 'rule', 'customer', 'amount']), dir: z.enum(['asc', 'desc']) }).strict();
export type AlertSort = z.infer<typeof alertSort>;

export const monitoringAlertsList = defineCommand({
  name: 'monitoring.alerts.list',
  summary: 'The alert queue: a page, filtered and sorted, with the queue counts',
  access: readers,
  input: z
    .object({
      cursor: z.string().max(400).optional(),
      /** A position in the sorted queue (the table jumping anywhere); exclusive with `cursor`. */
      offset: z.number().int().min(0).max(100_000_000).optional(),
      limit: z.number().int().min(1).max(500).default(100),
      filter: alertFilter.optional(),
      sort: alertSort.optional(),
    })
    .strict()
    .refine((i) => i.cursor === undefined || i.offset === undefined, { path: ['offset'], message: 'give a cursor or an offset, not both' }),
  output: z.object({
    rows: z.array(alertRow),
    nextCursor: z.string().nullable(),
    total: z.number().int(),
    counts: z.object({ open: z.number().int(), unassigned: z.number().int(), mine: z.number().int(), closed: z.number().int(), suppressed: z.number().int() }),
  }),
});

export const monitoringAlertsGroups = defineCommand({
  name: 'monitoring.alerts.groups',
  summary: 'Alerts grouped by rule or by customer, with open and total counts',
  access: readers,
  input: z.object({ by: z.enum(['rule', 'customer']), filter: alertFilter.optional() }).strict(),
  output: z.object({ groups: z.array(z.object({ key: z.string(), label: z.string(), open: z.number().int(), total: z.number().int() })) }),
});

export const conditionView = z.object({ path: z.string(), description: z.string(), holds: z.boolean(), values: z.record(z.string(), z.string()) });

/**
 * What a figure counts, from the compiled rule's aggregate spec (sum/avg of tx.usd → usd_cents,
 * count → count of transactions, distinct → count of different values): the screen formats by it.
 */
export const figureKind = z.enum(['usd_cents', 'count', 'ratio', 'amount']);
/** One figure with its kind; `value` is integer text (USD cents, a count) or "(none)" for an empty window. `unit` names what a count counts. */
export const figureView = z.object({ value: z.string(), kind: figureKind, unit: z.string().optional() });

export const monitoringAlertsGet = defineCommand({
  name: 'monitoring.alerts.get',
  summary: 'One alert explained: conditions with their values, the transaction, a timeline and counterparty graph, its history',
  access: readers,
  input: z.object({ id: alertId }).strict(),
  output: z.object({
    alert: alertRow.extend({ closeReason: z.string().nullable(), closedBy: z.string().nullable(), closedAt: isoTimestamp.nullable(), suppressionId: z.number().int().nullable() }),
    /** Each condition; `kinds` gives each value's kind when known (its values are then integer text: USD cents, counts). */
    conditions: z.array(conditionView.extend({ kinds: z.record(z.string(), figureView.shape.kind) })),
    /** The aggregates the rule read, as used, each with its kind ("customer-usd-1h" → { value: "520625", kind: "usd_cents" }). */
    figures: z.record(z.string(), figureView),
    actions: z.array(z.object({ type: z.string(), level: alertLevel.optional() })),
    transaction: z.object({
      id: z.string(),
      at: isoTimestamp,
      direction: z.enum(['deposit', 'withdrawal']),
      assetId: z.string(),
      amount: minorAmount,
      usdCents: minorAmount,
      counterpartyAddress: z.string().nullable(),
      counterpartyCountry: z.string().nullable(),
      counterpartyVasp: z.string().nullable(),
      counterpartyPep: z.boolean(),
      sourceRef: z.string(),
    }),
    timeline: z.array(
      z.object({ at: isoTimestamp, txId: z.string(), direction: z.enum(['in', 'out']), assetId: z.string(), amount: minorAmount, usdCents: minorAmount, counterparty: z.string().nullable(), txRef: z.string(), alertIds: z.array(alertId) }),
    ),
    graph: z.object({
      nodes: z.array(z.object({ id: z.string(), label: z.string(), kind: z.enum(['customer', 'address', 'vasp']), flagged: z.boolean() })),
      edges: z.array(z.object({ from: z.string(), to: z.string(), count: z.number().int(), usdCents: minorAmount })),
    }),
    history: z.array(z.object({ at: isoTimestamp, by: z.string(), action: z.string(), detail: z.string() })),
  }),
});

export const monitoringAlertsAssign = defineCommand({
  name: 'monitoring.alerts.assign',
  summary: 'Assign alerts to an analyst, or unassign them',
  access: workers,
  input: z.object({ ids: z.array(alertId).min(1).max(5000), assignee: operatorId.nullable() }).strict(),
  output: z.object({ updated: z.number().int() }),
});

export const monitoringAlertsNext = defineCommand({
  name: 'monitoring.alerts.next',
  summary: 'Take the next unassigned open alert (highest level, oldest first)',
  access: workers,
  input: z.object({}).strict(),
  output: z.object({ alert: alertRow.nullable() }),
});

export const monitoringAlertsClose = defineCommand({
  name: 'monitoring.alerts.close',
  summary: 'Close alerts with an outcome and a reason (the outcome feeds the false-positive rate)',
  access: workers,
  input: z.object({ ids: z.array(alertId).min(1).max(5000), outcome: alertOutcome, reason }).strict(),
  output: z.object({ closed: z.number().int() }),
});

export const suppressionView = z.object({
  id: z.number().int(),
  customerId: z.string(),
  ruleId: z.string(),
  until: isoTimestamp,
  reason: z.string(),
  caseId: z.string(),
  createdBy: z.string(),
  createdAt: isoTimestamp,
  revokedAt: isoTimestamp.nullable(),
  revokedBy: z.string().nullable(),
  revokeReason: z.string().nullable(),
  active: z.boolean(),
});

export const monitoringSuppressionsCreate = defineCommand({
  name: 'monitoring.suppressions.create',
  summary: 'Suppress one rule for one customer for at most 180 days, from a reviewed case (hits are still recorded)',
  access: workers,
  input: z.object({ customerId, ruleId, days: z.number().int().min(1).max(180), reason, caseId: z.string().trim().min(1).max(64) }).strict(),
  output: z.object({ suppression: suppressionView }),
});

export const monitoringSuppressionsList = defineCommand({
  name: 'monitoring.suppressions.list',
  summary: 'Every suppression, active first, with the hits each has swallowed',
  access: readers,
  input: z.object({}).strict(),
  /** `hits`: alerts recorded in state 'suppressed' under this suppression (raised, not queued). */
  output: z.object({ suppressions: z.array(suppressionView.extend({ hits: z.number().int().nonnegative() })) }),
});

export const monitoringSuppressionsRevoke = defineCommand({
  name: 'monitoring.suppressions.revoke',
  summary: 'End a suppression early, with the reason',
  access: workers,
  input: z.object({ id: z.number().int().positive(), reason }).strict(),
  output: z.object({ suppression: suppressionView }),
});
