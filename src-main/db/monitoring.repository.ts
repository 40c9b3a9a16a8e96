/**
 * SQL for transaction monitoring: rule-set versions, the monitored-transaction history, alerts with
 * their history, suppressions. The alert queue is read a page at a time by keyset (sort column, id)
 * over indexes that lead with the state, so a page costs the same at 100 000 alerts as at 100.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import { perConnection, type ReadableDB, type WritableDB } from './database';
import { monitoredTransactions, monitoringAlertEvents, monitoringAlerts, monitoringRuleVersions, monitoringSuppressions } from './schema';

export type RuleVersionRow = typeof monitoringRuleVersions.$inferSelect;
export type MonitoredTxRow = typeof monitoredTransactions.$inferSelect;
export type AlertDbRow = typeof monitoringAlerts.$inferSelect;
export type AlertEventRow = typeof monitoringAlertEvents.$inferSelect;
export type SuppressionRow = typeof monitoringSuppressions.$inferSelect;
export type AlertLevelName = AlertDbRow['level'];

/** Prepared statements of the hot path (every judged transaction), one set per connection. */
const statementsByText = perConnection(() => new Map<string, Database.Statement>());
function stmt<P extends unknown[] = unknown[], R = unknown>(db: ReadableDB, text: string): Database.Statement<P, R> {
  const byText = statementsByText(db);
  let s = byText.get(text);
  if (!s) byText.set(text, (s = db.sqlite.prepare(text)));
  return s as unknown as Database.Statement<P, R>;
}

export const LEVEL_RANK: Readonly<Record<AlertLevelName, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

/** USD cents as 20 zero-padded digits: text that sorts as the number does. */
export const usdKey = (cents: bigint): string => cents.toString().padStart(20, '0');

// ─── rule-set versions ───────────────────────────────────────────────────────────────────────
export const insertRuleVersion = (db: WritableDB, row: RuleVersionRow): void => void db.orm.insert(monitoringRuleVersions).values(row).run();
export const findRuleVersion = (db: ReadableDB, version: number): RuleVersionRow | undefined => db.orm.select().from(monitoringRuleVersions).where(eq(monitoringRuleVersions.version, version)).get();
export const activeRuleVersion = (db: ReadableDB): RuleVersionRow | undefined => db.orm.select().from(monitoringRuleVersions).where(eq(monitoringRuleVersions.state, 'active')).get();
export const listRuleVersions = (db: ReadableDB): RuleVersionRow[] => db.orm.select().from(monitoringRuleVersions).orderBy(desc(monitoringRuleVersions.version)).all();
export const nextRuleVersion = (db: ReadableDB): number => (db.orm.select({ n: sql<number | null>`max(${monitoringRuleVersions.version})` }).from(monitoringRuleVersions).get()?.n ?? 0) + 1;
export const updateRuleVersion = (db: WritableDB, version: number, patch: Partial<Omit<RuleVersionRow, 'version' | 'document' | 'sha256'>>): void =>
  void db.orm.update(monitoringRuleVersions).set(patch).where(eq(monitoringRuleVersions.version, version)).run();

// ─── monitored transactions ──────────────────────────────────────────────────────────────────
export const maxTxSeq = (db: ReadableDB): number => stmt<[], { n: number | null }>(db, 'SELECT max(seq) AS n FROM monitored_transactions').get()?.n ?? 0;
export const findMonitoredTx = (db: ReadableDB, id: string): MonitoredTxRow | undefined => db.orm.select().from(monitoredTransactions).where(eq(monitoredTransactions.id, id)).get();
/** Stores a judged transaction as the next in sequence (`seq`: the caller's last known + 1, checked by the unique index). */
export function insertMonitoredTx(db: WritableDB, row: Omit<MonitoredTxRow, 'seq'>, seq: number = maxTxSeq(db) + 1): MonitoredTxRow {
  const full = { ...row, seq };
  stmt(
    db,
    `INSERT INTO monitored_transactions (id, seq, at, direction, customer_id, asset_id, amount, usd_cents, counterparty_address, counterparty_country, counterparty_vasp, counterparty_pep, source_ref, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(full.id, full.seq, full.at, full.direction, full.customerId, full.assetId, full.amount, full.usdCents, full.counterpartyAddress, full.counterpartyCountry, full.counterpartyVasp, full.counterpartyPep ? 1 : 0, full.sourceRef, full.recordedAt);
  return full;
}

interface RawTx {
  id: string;
  seq: number;
  at: string;
  direction: 'deposit' | 'withdrawal';
  customer_id: string;
  asset_id: string;
  amount: string;
  usd_cents: string;
  counterparty_address: string | null;
  counterparty_country: string | null;
  counterparty_vasp: string | null;
  counterparty_pep: number;
  source_ref: string;
  recorded_at: string;
}
const fromRaw = (r: RawTx): MonitoredTxRow => ({
  id: r.id,
  seq: r.seq,
  at: r.at,
  direction: r.direction,
  customerId: r.customer_id,
  assetId: r.asset_id,
  amount: r.amount,
  usdCents: r.usd_cents,
  counterpartyAddress: r.counterparty_address,
  counterpartyCountry: r.counterparty_country,
  counterpartyVasp: r.counterparty_vasp,
  counterpartyPep: r.counterparty_pep === 1,
  sourceRef: r.source_ref,
  recordedAt: r.recorded_at,
});

/** Transactions at or after `since`, in the order the engine judged them (warm-up after a restart). */
export function* txsSinceInSeqOrder(db: ReadableDB, since: string): Generator<MonitoredTxRow> {
  for (const r of db.sqlite.prepare<[string], RawTx>('SELECT * FROM monitored_transactions WHERE at >= ? ORDER BY seq').iterate(since)) yield fromRaw(r);
}

/** Transactions in [from, to), in time order (ties in arrival order): what a backtest reads. Streams. */
export function* txsInTimeOrder(db: ReadableDB, from: string, to: string): Generator<MonitoredTxRow> {
  for (const r of db.sqlite.prepare<[string, string], RawTx>('SELECT * FROM monitored_transactions WHERE at >= ? AND at < ? ORDER BY at, seq').iterate(from, to)) yield fromRaw(r);
}

export const countTxsBetween = (db: ReadableDB, from: string, to: string): number =>
  db.sqlite.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM monitored_transactions WHERE at >= ? AND at < ?').get(from, to)?.n ?? 0;

/** A customer's transactions around a time, oldest first (the alert's timeline). */
export function customerTxsAround(db: ReadableDB, customerId: string, from: string, to: string, limit: number): MonitoredTxRow[] {
  return db.sqlite
    .prepare<[string, string, string, number], RawTx>('SELECT * FROM monitored_transactions WHERE customer_id = ? AND at >= ? AND at <= ? ORDER BY at, seq LIMIT ?')
    .all(customerId, from, to, limit)
    .map(fromRaw);
}

// ─── alerts ──────────────────────────────────────────────────────────────────────────────────
export function insertAlert(db: WritableDB, r: Omit<AlertDbRow, 'id'>): number {
  return Number(
    stmt(
      db,
      `INSERT INTO monitoring_alerts (raised_at, rule_id, rule_version, rule_title, level, level_rank, actions, conditions, tx_id, tx_ref, customer_id, asset_id, amount, usd_cents, usd_key, assignee, state, suppression_id, outcome, close_reason, closed_by, closed_at, case_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(r.raisedAt, r.ruleId, r.ruleVersion, r.ruleTitle, r.level, r.levelRank, r.actions, r.conditions, r.txId, r.txRef, r.customerId, r.assetId, r.amount, r.usdCents, r.usdKey, r.assignee, r.state, r.suppressionId, r.outcome, r.closeReason, r.closedBy, r.closedAt, r.caseId).lastInsertRowid,
  );
}
export const findAlert = (db: ReadableDB, id: number): AlertDbRow | undefined => db.orm.select().from(monitoringAlerts).where(eq(monitoringAlerts.id, id)).get();
/** Alerts by id, in id order (the cases/SAR module reads a case's alerts with this). */
export const alertsByIds = (db: ReadableDB, ids: readonly number[]): AlertDbRow[] =>
  ids.length === 0 ? [] : db.orm.select().from(monitoringAlerts).where(inArray(monitoringAlerts.id, [...ids])).orderBy(asc(monitoringAlerts.id)).all();
export const alertsOfCase = (db: ReadableDB, caseId: string): AlertDbRow[] => db.orm.select().from(monitoringAlerts).where(eq(monitoringAlerts.caseId, caseId)).orderBy(asc(monitoringAlerts.id)).all();
/** Link alerts to a case (cases.create). */
export const setAlertsCase = (db: WritableDB, ids: readonly number[], caseId: string | null): void =>
  void (ids.length === 0 ? undefined : db.orm.update(monitoringAlerts).set({ caseId }).where(inArray(monitoringAlerts.id, [...ids])).run());
export const updateAlerts = (db: WritableDB, ids: readonly number[], patch: Partial<Pick<AlertDbRow, 'assignee' | 'state' | 'outcome' | 'closeReason' | 'closedBy' | 'closedAt'>>): void =>
  void (ids.length === 0 ? undefined : db.orm.update(monitoringAlerts).set(patch).where(inArray(monitoringAlerts.id, [...ids])).run());

export const alertIdsOfTxs = (db: ReadableDB, txIds: readonly string[]): { id: number; txId: string }[] =>
  txIds.length === 0 ? [] : db.orm.select({ id: monitoringAlerts.id, txId: monitoringAlerts.txId }).from(monitoringAlerts).where(inArray(monitoringAlerts.txId, [...txIds])).all();

export interface AlertQuery {
  readonly state?: 'open' | 'closed' | 'suppressed' | 'all' | undefined;
  readonly level?: AlertLevelName | undefined;
  readonly ruleId?: string | undefined;
  readonly customerId?: string | undefined;
  /** An operator id, or null for unassigned. */
  readonly assignee?: string | null | undefined;
  readonly q?: string | undefined;
}
export const SORT_COLUMNS = { raisedAt: 'a.raised_at', level: 'a.level_rank', rule: 'a.rule_id', customer: 'a.customer_id', amount: 'a.usd_key' } as const;
export type AlertSortColumn = keyof typeof SORT_COLUMNS;

function where(q: AlertQuery): { clause: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const state = q.state ?? 'open';
  if (state !== 'all') {
    parts.push('a.state = ?');
    params.push(state);
  }
  if (q.level) {
    parts.push('a.level = ?');
    params.push(q.level);
  }
  if (q.ruleId) {
    parts.push('a.rule_id = ?');
    params.push(q.ruleId);
  }
  if (q.customerId) {
    parts.push('a.customer_id = ?');
    params.push(q.customerId);
  }
  if (q.assignee === null) parts.push('a.assignee IS NULL');
  else if (q.assignee !== undefined) {
    parts.push('a.assignee = ?');
    params.push(q.assignee);
  }
  if (q.q) {
    const pattern = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const asId = /^#?\d{1,15}$/.test(q.q) ? Number(q.q.replace('#', '')) : -1;
    parts.push(`(a.id = ? OR a.customer_id LIKE ? ESCAPE '\\' OR a.tx_ref LIKE ? ESCAPE '\\' OR a.customer_id IN (SELECT id FROM kyc_customers WHERE legal_name LIKE ? ESCAPE '\\'))`);
    params.push(asId, pattern, pattern, pattern);
  }
  return { clause: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export type AlertListRow = AlertDbRow & { customerName: string | null; direction: 'deposit' | 'withdrawal' };

const SELECT_ROW = `SELECT a.*, k.legal_name AS customer_name, t.direction AS direction FROM monitoring_alerts a
  LEFT JOIN kyc_customers k ON k.id = a.customer_id JOIN monitored_transactions t ON t.id = a.tx_id`;

interface RawAlert {
  id: number;
  raised_at: string;
  rule_id: string;
  rule_version: number;
  rule_title: string;
  level: AlertLevelName;
  level_rank: number;
  actions: string;
  conditions: string;
  tx_id: string;
  tx_ref: string;
  customer_id: string;
  asset_id: string;
  amount: string;
  usd_cents: string;
  usd_key: string;
  assignee: string | null;
  state: AlertDbRow['state'];
  suppression_id: number | null;
  outcome: AlertDbRow['outcome'];
  close_reason: string | null;
  closed_by: string | null;
  closed_at: string | null;
  case_id: string | null;
  customer_name: string | null;
  direction: 'deposit' | 'withdrawal';
}
const alertFromRaw = (r: RawAlert): AlertListRow => ({
  id: r.id,
  raisedAt: r.raised_at,
  ruleId: r.rule_id,
  ruleVersion: r.rule_version,
  ruleTitle: r.rule_title,
  level: r.level,
  levelRank: r.level_rank,
  actions: r.actions,
  conditions: r.conditions,
  txId: r.tx_id,
  txRef: r.tx_ref,
  customerId: r.customer_id,
  assetId: r.asset_id,
  amount: r.amount,
  usdCents: r.usd_cents,
  usdKey: r.usd_key,
  assignee: r.assignee,
  state: r.state,
  suppressionId: r.suppression_id,
  outcome: r.outcome,
  closeReason: r.close_reason,
  closedBy: r.closed_by,
  closedAt: r.closed_at,
  caseId: r.case_id,
  customerName: r.customer_name,
  direction: r.direction,
});

/** The sort value of a row, as the cursor carries it. */
export function sortValue(row: AlertDbRow, by: AlertSortColumn): string | number {
  switch (by) {
    case 'raisedAt':
      return row.raisedAt;
    case 'level':
      return row.levelRank;
    case 'rule':
      return row.ruleId;
    case 'customer':
      return row.customerId;
    case 'amount':
      return row.usdKey;
    default: {
      const never: never = by;
      throw new Error(`unknown sort ${String(never)}`);
    }
  }
}

/**
 * One page after the keyset position `after` ([sort value, id]), or `offset` rows into the sorted
 * queue (the table jumping to any position: SQLite steps over the skipped entries of the covering
 * index, no rows read), ordered by the column then id.
 */
export function listAlerts(db: ReadableDB, q: AlertQuery, by: AlertSortColumn, dir: 'asc' | 'desc', after: readonly [string | number, number] | undefined, limit: number, offset = 0): AlertListRow[] {
  const w = where(q);
  const column = SORT_COLUMNS[by];
  const op = dir === 'asc' ? '>' : '<';
  let clause = w.clause;
  const params = [...w.params];
  if (after) {
    clause += `${clause ? ' AND' : 'WHERE'} (${column} ${op} ? OR (${column} = ? AND a.id ${op} ?))`;
    params.push(after[0], after[0], after[1]);
  }
  const order = dir === 'asc' ? 'ASC' : 'DESC';
  // Two steps: the page's ids from the alerts table alone (sorted over its indexes, no joins), then
  // those rows with the customer's name and the transaction's direction.
  const ids = stmt<(string | number)[], { id: number }>(db, `SELECT a.id FROM monitoring_alerts a ${clause} ORDER BY ${column} ${order}, a.id ${order} LIMIT ? OFFSET ?`)
    .all(...params, limit, offset)
    .map((r) => r.id);
  if (ids.length === 0) return [];
  const rows = new Map(
    db.sqlite
      .prepare<number[], RawAlert>(`${SELECT_ROW} WHERE a.id IN (${ids.map(() => '?').join(', ')})`)
      .all(...ids)
      .map((r) => [r.id, alertFromRaw(r)] as const),
  );
  return ids.map((id) => rows.get(id)!);
}

export function findAlertRow(db: ReadableDB, id: number): AlertListRow | undefined {
  const r = db.sqlite.prepare<[number], RawAlert>(`${SELECT_ROW} WHERE a.id = ?`).get(id);
  return r ? alertFromRaw(r) : undefined;
}

export function countAlerts(db: ReadableDB, q: AlertQuery): number {
  const w = where(q);
  return db.sqlite.prepare<(string | number)[], { n: number }>(`SELECT count(*) AS n FROM monitoring_alerts a ${w.clause}`).get(...w.params)?.n ?? 0;
}

export function queueCounts(db: ReadableDB, me: string): { open: number; unassigned: number; mine: number; closed: number; suppressed: number } {
  const byState = db.sqlite.prepare<[], { state: string; n: number }>('SELECT state, count(*) AS n FROM monitoring_alerts GROUP BY state').all();
  const n = (s: string) => byState.find((r) => r.state === s)?.n ?? 0;
  const unassigned = db.sqlite.prepare<[], { n: number }>(`SELECT count(*) AS n FROM monitoring_alerts WHERE assignee IS NULL AND state = 'open'`).get()?.n ?? 0;
  const mine = db.sqlite.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM monitoring_alerts WHERE assignee = ? AND state = 'open'`).get(me)?.n ?? 0;
  return { open: n('open'), unassigned, mine, closed: n('closed'), suppressed: n('suppressed') };
}

export function alertGroups(db: ReadableDB, by: 'rule' | 'customer', q: AlertQuery): { key: string; label: string; open: number; total: number }[] {
  const w = where({ ...q, state: q.state ?? 'all' });
  const sqlText =
    by === 'rule'
      ? `SELECT a.rule_id AS key, max(a.rule_title) AS label, sum(a.state = 'open') AS open, count(*) AS total FROM monitoring_alerts a ${w.clause} GROUP BY a.rule_id ORDER BY open DESC, total DESC, key`
      : `SELECT a.customer_id AS key, coalesce(max(k.legal_name), a.customer_id) AS label, sum(a.state = 'open') AS open, count(*) AS total FROM monitoring_alerts a LEFT JOIN kyc_customers k ON k.id = a.customer_id ${w.clause} GROUP BY a.customer_id ORDER BY open DESC, total DESC, key`;
  return db.sqlite.prepare<(string | number)[], { key: string; label: string; open: number; total: number }>(sqlText).all(...w.params);
}

/** The oldest open unassigned alert of the highest level (queue index: state, level rank, raised at). */
export const nextUnassigned = (db: ReadableDB): AlertDbRow | undefined =>
  db.sqlite.prepare<[], { id: number }>(`SELECT id FROM monitoring_alerts WHERE state = 'open' AND assignee IS NULL ORDER BY level_rank DESC, raised_at ASC, id ASC LIMIT 1`).all().map((r) => findAlert(db, r.id)!)[0];

/** How closed alerts of each rule were resolved: the historical false-positive rate. */
export function outcomesByRule(db: ReadableDB): Map<string, { falsePositive: number; valuable: number; riskConfirmed: number }> {
  const rows = db.sqlite
    .prepare<[], { rule_id: string; outcome: string; n: number }>(`SELECT rule_id, outcome, count(*) AS n FROM monitoring_alerts WHERE state = 'closed' AND outcome IS NOT NULL GROUP BY rule_id, outcome`)
    .all();
  const out = new Map<string, { falsePositive: number; valuable: number; riskConfirmed: number }>();
  for (const r of rows) {
    const o = out.get(r.rule_id) ?? { falsePositive: 0, valuable: 0, riskConfirmed: 0 };
    if (r.outcome === 'false_positive') o.falsePositive += r.n;
    else if (r.outcome === 'valuable') o.valuable += r.n;
    else if (r.outcome === 'risk_confirmed') o.riskConfirmed += r.n;
    out.set(r.rule_id, o);
  }
  return out;
}

/** Open alerts of a customer whose rule's actions hold or freeze (the withdrawal gate). */
export const openHoldingAlerts = (db: ReadableDB, customerId: string): AlertDbRow[] =>
  db.orm
    .select()
    .from(monitoringAlerts)
    .where(
      and(
        eq(monitoringAlerts.customerId, customerId),
        eq(monitoringAlerts.state, 'open'),
        sql`(${monitoringAlerts.actions} LIKE '%"hold"%' OR ${monitoringAlerts.actions} LIKE '%"freeze_review"%' OR ${monitoringAlerts.actions} LIKE '%"block_sar"%')`,
      ),
    )
    .orderBy(asc(monitoringAlerts.id))
    .limit(20)
    .all();

// ─── alert history ───────────────────────────────────────────────────────────────────────────
export const insertAlertEvents = (db: WritableDB, rows: readonly Omit<AlertEventRow, 'id'>[]): void => {
  const insert = stmt(db, 'INSERT INTO monitoring_alert_events (alert_id, at, by, action, detail) VALUES (?, ?, ?, ?, ?)');
  for (const r of rows) insert.run(r.alertId, r.at, r.by, r.action, r.detail);
};
export const insertAlertEvent = (db: WritableDB, row: Omit<AlertEventRow, 'id'>): void => insertAlertEvents(db, [row]);
export const eventsOfAlert = (db: ReadableDB, alertId: number): AlertEventRow[] => db.orm.select().from(monitoringAlertEvents).where(eq(monitoringAlertEvents.alertId, alertId)).orderBy(asc(monitoringAlertEvents.id)).all();

// ─── suppressions ────────────────────────────────────────────────────────────────────────────
export function insertSuppression(db: WritableDB, row: Omit<SuppressionRow, 'id'>): number {
  return Number(db.orm.insert(monitoringSuppressions).values(row).run().lastInsertRowid);
}
export const findSuppression = (db: ReadableDB, id: number): SuppressionRow | undefined => db.orm.select().from(monitoringSuppressions).where(eq(monitoringSuppressions.id, id)).get();
export const listSuppressions = (db: ReadableDB): SuppressionRow[] => db.orm.select().from(monitoringSuppressions).orderBy(desc(monitoringSuppressions.id)).all();
export const revokeSuppression = (db: WritableDB, id: number, patch: { revokedAt: string; revokedBy: string; revokeReason: string }): void =>
  void db.orm.update(monitoringSuppressions).set(patch).where(eq(monitoringSuppressions.id, id)).run();
/** The suppression in force for (customer, rule) at `at`, if any. */
export const activeSuppression = (db: ReadableDB, customerId: string, ruleId: string, at: string): SuppressionRow | undefined =>
  stmt<[string, string, string, string], { id: number }>(
    db,
    'SELECT id FROM monitoring_suppressions WHERE customer_id = ? AND rule_id = ? AND until > ? AND created_at <= ? AND revoked_at IS NULL ORDER BY id DESC LIMIT 1',
  )
    .all(customerId, ruleId, at, at)
    .map((r) => findSuppression(db, r.id)!)[0];

// ─── what the engine reads of KYC ────────────────────────────────────────────────────────────
const PEP_CONFIRMED = `EXISTS (SELECT 1 FROM screening_hits h JOIN screening_lists l ON l.id = h.list_id WHERE h.customer_id = c.id AND h.status = 'true_match' AND l.kind = 'pep')`;

/** Whether an address (normalised for screening) is declared by a customer who is a PEP (declared or a confirmed PEP-list match). */
export const pepCustomerAddress = (db: ReadableDB, normalised: string): boolean =>
  stmt<[string], { x: number }>(
    db,
    `SELECT 1 AS x FROM kyc_addresses a JOIN kyc_customers c ON c.id = a.customer_id WHERE a.chain IN ('bitcoin', 'ethereum') AND a.normalised = ? AND (c.pep_declared = 1 OR ${PEP_CONFIRMED}) LIMIT 1`,
  ).get(normalised) !== undefined;

export interface CustomerFactsRow {
  readonly legalName: string;
  readonly riskLevel: 'low' | 'medium' | 'high' | null;
  readonly pep: boolean;
  readonly country: string | null;
  readonly approvedAt: string | null;
}
export function customerFactsRow(db: ReadableDB, customerId: string): CustomerFactsRow | undefined {
  const r = stmt<[string], { legal_name: string; risk_level: CustomerFactsRow['riskLevel']; pep: number; country: string | null; approved_at: string | null }>(
    db,
    `SELECT c.legal_name, c.risk_level, (c.pep_declared = 1 OR ${PEP_CONFIRMED}) AS pep, coalesce(c.residence, c.jurisdiction, c.address_country) AS country, c.approved_at FROM kyc_customers c WHERE c.id = ?`,
  ).get(customerId);
  return r ? { legalName: r.legal_name, riskLevel: r.risk_level, pep: r.pep === 1, country: r.country, approvedAt: r.approved_at } : undefined;
}

export const newestTxAt = (db: ReadableDB): string | undefined => db.sqlite.prepare<[], { at: string | null }>('SELECT max(at) AS at FROM monitored_transactions').get()?.at ?? undefined;
export const customerHasAlerts = (db: ReadableDB, customerId: string): boolean => db.sqlite.prepare<[string], { x: number }>('SELECT 1 AS x FROM monitoring_alerts WHERE customer_id = ? LIMIT 1').get(customerId) !== undefined;

/** A page of history in time order after the keyset position (at, seq), before `to`. */
export function txsPage(db: ReadableDB, afterAt: string, afterSeq: number, to: string, limit: number): MonitoredTxRow[] {
  return db.sqlite
    .prepare<[string, string, number, string, number], RawTx>('SELECT * FROM monitored_transactions WHERE (at > ? OR (at = ? AND seq > ?)) AND at < ? ORDER BY at, seq LIMIT ?')
    .all(afterAt, afterAt, afterSeq, to, limit)
    .map(fromRaw);
}

/** The active screening list versions, as `list:id` pairs: the lists' fingerprint (monitoring.lists.ts). */
export const activeListFingerprint = (db: ReadableDB): string =>
  stmt<[], { f: string | null }>(db, `SELECT group_concat(list_id || ':' || id, ',') AS f FROM (SELECT list_id, id FROM screening_list_versions WHERE active = 1 ORDER BY list_id)`).get()?.f ?? '';

/** Whether the case (migration 0008) exists and holds an alert of this customer: a suppression comes from a reviewed case about them. */
export function caseOfCustomer(db: ReadableDB, caseId: string, customerId: string): 'ok' | 'no_case' | 'not_this_customer' {
  if (stmt<[string], { x: number }>(db, 'SELECT 1 AS x FROM cases WHERE id = ?').get(caseId) === undefined) return 'no_case';
  return stmt<[string, string], { x: number }>(db, 'SELECT 1 AS x FROM monitoring_alerts WHERE case_id = ? AND customer_id = ? LIMIT 1').get(caseId, customerId) === undefined ? 'not_this_customer' : 'ok';
}

/**
 * Every distinct counterparty of a customer's monitored deposits (the sender) and withdrawals (the
 * destination), with the asset's chain: known addresses a list update re-screens (kyc/rescreen.job.ts).
 * One pass over the history (no index leads with the counterparty; see docs/architecture.md).
 */
export function monitoredCounterparties(db: ReadableDB): { customerId: string; chain: 'bitcoin' | 'ethereum'; address: string; direction: 'deposit' | 'withdrawal' }[] {
  return db.sqlite
    .prepare<[], { customerId: string; chain: 'bitcoin' | 'ethereum'; address: string; direction: 'deposit' | 'withdrawal' }>(
      `SELECT DISTINCT m.customer_id AS customerId, a.chain AS chain, m.counterparty_address AS address, m.direction AS direction
         FROM monitored_transactions m JOIN assets a ON a.id = m.asset_id
        WHERE m.counterparty_address IS NOT NULL AND m.counterparty_address <> ''`,
    )
    .all();
}
