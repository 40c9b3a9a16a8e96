/**
 * The alert queue: pages by keyset (sort value, id) so the 100 000th alert costs what the first
 * does; groups by rule or customer; each alert explained (the conditions with their values, the
 * customer's transactions on a timeline, a small counterparty graph, its history); assignment,
 * "next unassigned" and bulk close with an outcome that feeds the per-rule false-positive rate.
 */
import type { AlertFilter, AlertRow, AlertSort } from '../../src-shared/commands/monitoring.commands';
import type { RuleAction } from '../../src-shared/monitoring/rule-set.schema';
import type { ReadableDB, WritableDB } from '../db/database';
import {
  alertGroups,
  alertIdsOfTxs,
  alertsByIds,
  countAlerts,
  customerTxsAround,
  eventsOfAlert,
  findAlertRow,
  findMonitoredTx,
  insertAlertEvents,
  listAlerts,
  nextUnassigned,
  queueCounts,
  sortValue,
  updateAlerts,
  type AlertListRow,
  type AlertQuery,
} from '../db/monitoring.repository';
import { findOperatorById } from '../db/operators.repository';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { MonitoringLists } from './monitoring.lists';
import type { StoredEvidence } from './monitoring.service';

const DAY = 86_400_000;
const TIMELINE_BEFORE_MS = 14 * DAY;
const TIMELINE_AFTER_MS = 2 * DAY;
const TIMELINE_LIMIT = 200;
const COMPLIANCE_ROLES = ['compliance_analyst', 'compliance_officer'];

export function alertRowView(r: AlertListRow): AlertRow {
  return {
    id: r.id,
    raisedAt: r.raisedAt,
    level: r.level,
    ruleId: r.ruleId,
    ruleTitle: r.ruleTitle,
    ruleVersion: r.ruleVersion,
    customerId: r.customerId,
    customerName: r.customerName,
    txRef: r.txRef,
    direction: r.direction,
    assetId: r.assetId,
    amount: r.amount,
    usdCents: r.usdCents,
    assignee: r.assignee,
    state: r.state,
    outcome: r.outcome,
    caseId: r.caseId,
  };
}

function queryOf(filter: AlertFilter | undefined, me: string): AlertQuery {
  const f = filter ?? {};
  return {
    state: f.state,
    level: f.level,
    ruleId: f.ruleId,
    customerId: f.customerId,
    assignee: f.assignee === 'me' ? me : f.assignee === 'unassigned' ? null : f.assignee,
    q: f.q,
  };
}

interface Cursor {
  readonly by: AlertSort['by'];
  readonly dir: AlertSort['dir'];
  readonly value: string | number;
  readonly id: number;
}

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.by, c.dir, c.value, c.id])).toString('base64url');

function decodeCursor(text: string, sort: AlertSort): Cursor {
  const bad = () => new VaultlineError('VALIDATION', 'The cursor is not one this list gave out (or the sort changed): start again from the first page.', { issues: [{ path: 'cursor', message: 'invalid cursor' }] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw bad();
  const [by, dir, value, id] = parsed as unknown[];
  if (by !== sort.by || dir !== sort.dir || (typeof value !== 'string' && typeof value !== 'number') || typeof id !== 'number' || !Number.isInteger(id)) throw bad();
  return { by: sort.by, dir: sort.dir, value, id };
}

export class AlertQueue {
  constructor(
    private readonly clock: Clock,
    private readonly lists: MonitoringLists,
  ) {}

  /** A page by keyset `cursor` (the CLI, walking on) or by `offset` (the table, jumping to any position); never both. */
  list(db: ReadableDB, input: { cursor?: string | undefined; offset?: number | undefined; limit: number; filter?: AlertFilter | undefined; sort?: AlertSort | undefined }, me: string) {
    if (input.cursor !== undefined && input.offset !== undefined) throw new VaultlineError('VALIDATION', 'Give a cursor or an offset, not both.', { issues: [{ path: 'offset', message: 'give a cursor or an offset, not both' }] });
    const sort: AlertSort = input.sort ?? { by: 'raisedAt', dir: 'desc' };
    const q = queryOf(input.filter, me);
    const after = input.cursor ? decodeCursor(input.cursor, sort) : undefined;
    const rows = listAlerts(db, q, sort.by, sort.dir, after ? [after.value, after.id] : undefined, input.limit + 1, input.offset ?? 0);
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > input.limit && last ? encodeCursor({ by: sort.by, dir: sort.dir, value: sortValue(last, sort.by), id: last.id }) : null;
    return { rows: page.map(alertRowView), nextCursor, total: countAlerts(db, q), counts: queueCounts(db, me) };
  }

  groups(db: ReadableDB, by: 'rule' | 'customer', filter: AlertFilter | undefined, me: string) {
    return { groups: alertGroups(db, by, queryOf(filter, me)) };
  }

  require(db: ReadableDB, id: number): AlertListRow {
    const row = findAlertRow(db, id);
    if (!row) throw new VaultlineError('NOT_FOUND', `No alert ${id}.`);
    return row;
  }

  get(db: ReadableDB, id: number) {
    const row = this.require(db, id);
    this.lists.refresh(db);
    const evidence = JSON.parse(row.conditions) as StoredEvidence;
    const actions = JSON.parse(row.actions) as RuleAction[];
    const tx = findMonitoredTx(db, row.txId);
    if (!tx) throw new VaultlineError('INTERNAL', `alert ${id} refers to a missing transaction ${row.txId}`);
    const atMs = Date.parse(tx.at);
    const around = customerTxsAround(db, row.customerId, new Date(atMs - TIMELINE_BEFORE_MS).toISOString(), new Date(atMs + TIMELINE_AFTER_MS).toISOString(), TIMELINE_LIMIT);
    const alertsByTx = new Map<string, number[]>();
    for (const a of alertIdsOfTxs(
      db,
      around.map((t) => t.id),
    ))
      alertsByTx.set(a.txId, [...(alertsByTx.get(a.txId) ?? []), a.id]);
    const timeline = around.map((t) => ({
      at: t.at,
      txId: t.id,
      direction: t.direction === 'deposit' ? ('in' as const) : ('out' as const),
      assetId: t.assetId,
      amount: t.amount,
      usdCents: t.usdCents,
      counterparty: t.counterpartyAddress,
      txRef: t.sourceRef,
      alertIds: alertsByTx.get(t.id) ?? [],
    }));
    // The graph: the customer in the middle, each counterparty (address, or its VASP when known) with the flows.
    const customerNode = `customer:${row.customerId}`;
    const nodes = new Map<string, { id: string; label: string; kind: 'customer' | 'address' | 'vasp'; flagged: boolean }>();
    nodes.set(customerNode, { id: customerNode, label: row.customerName ?? row.customerId, kind: 'customer', flagged: false });
    const edges = new Map<string, { from: string; to: string; count: number; usdCents: bigint }>();
    for (const t of around) {
      if (!t.counterpartyAddress && !t.counterpartyVasp) continue;
      const kind = t.counterpartyVasp ? 'vasp' : 'address';
      const key = `${kind}:${t.counterpartyVasp ?? t.counterpartyAddress}`;
      const flagged = t.counterpartyAddress !== null && (this.lists.has('sanctioned-addresses', t.counterpartyAddress) || this.lists.has('mixers', t.counterpartyAddress));
      const existing = nodes.get(key);
      nodes.set(key, { id: key, label: t.counterpartyVasp ?? t.counterpartyAddress ?? '', kind, flagged: (existing?.flagged ?? false) || flagged || (alertsByTx.get(t.id)?.length ?? 0) > 0 });
      const [from, to] = t.direction === 'deposit' ? [key, customerNode] : [customerNode, key];
      const edgeKey = `${from}>${to}`;
      const edge = edges.get(edgeKey) ?? { from, to, count: 0, usdCents: 0n };
      edges.set(edgeKey, { ...edge, count: edge.count + 1, usdCents: edge.usdCents + BigInt(t.usdCents) });
    }
    return {
      alert: { ...alertRowView(row), closeReason: row.closeReason, closedBy: row.closedBy, closedAt: row.closedAt, suppressionId: row.suppressionId },
      conditions: evidence.conditions.map((c) => ({ path: c.path, description: c.description, holds: c.holds, values: c.values, ...(c.reads ? { reads: c.reads } : {}) })),
      figures: { ...evidence.figures },
      actions: actions.map((a) => (a.type === 'alert' ? { type: a.type, level: a.level } : { type: a.type })),
      transaction: {
        id: tx.id,
        at: tx.at,
        direction: tx.direction,
        assetId: tx.assetId,
        amount: tx.amount,
        usdCents: tx.usdCents,
        counterpartyAddress: tx.counterpartyAddress,
        counterpartyCountry: tx.counterpartyCountry,
        counterpartyVasp: tx.counterpartyVasp,
        counterpartyPep: tx.counterpartyPep,
        sourceRef: tx.sourceRef,
      },
      timeline,
      graph: { nodes: [...nodes.values()], edges: [...edges.values()].map((e) => ({ ...e, usdCents: e.usdCents.toString() })) },
      history: eventsOfAlert(db, id).map((e) => ({ at: e.at, by: e.by, action: e.action, detail: e.detail })),
    };
  }

  #requireAll(db: ReadableDB, ids: readonly number[]) {
    const unique = [...new Set(ids)];
    const rows = alertsByIds(db, unique);
    if (rows.length !== unique.length) {
      const found = new Set(rows.map((r) => r.id));
      const missing = unique.filter((id) => !found.has(id));
      throw new VaultlineError('NOT_FOUND', `No alert ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''}; nothing was changed.`);
    }
    return rows;
  }

  assign(db: WritableDB, ids: readonly number[], assignee: string | null, by: string): number {
    if (assignee !== null) {
      const op = findOperatorById(db, assignee);
      const roles = op ? (JSON.parse(op.roles) as string[]) : [];
      if (!op || op.status !== 'active') throw new VaultlineError('NOT_FOUND', `No active operator ${assignee}.`, { issues: [{ path: 'assignee', message: 'unknown operator' }] });
      if (!roles.some((r) => COMPLIANCE_ROLES.includes(r))) throw new VaultlineError('VALIDATION', `${op.username} holds no compliance role; alerts go to compliance analysts and officers.`, { issues: [{ path: 'assignee', message: 'not a compliance operator' }] });
    }
    const rows = this.#requireAll(db, ids);
    const closed = rows.filter((r) => r.state === 'closed');
    if (closed.length > 0) throw new VaultlineError('CONFLICT', `Alert ${closed.slice(0, 5).map((r) => r.id).join(', ')} is closed; nothing was changed.`);
    const at = this.clock.now().toISOString();
    updateAlerts(
      db,
      rows.map((r) => r.id),
      { assignee },
    );
    insertAlertEvents(
      db,
      rows.map((r) => ({ alertId: r.id, at, by, action: assignee ? 'assigned' : 'unassigned', detail: assignee ? `assigned to ${assignee}` : `unassigned (was ${r.assignee ?? 'nobody'})` })),
    );
    return rows.length;
  }

  next(db: WritableDB, me: string): AlertRow | null {
    const row = nextUnassigned(db);
    if (!row) return null;
    this.assign(db, [row.id], me, me);
    return alertRowView(this.require(db, row.id));
  }

  close(db: WritableDB, ids: readonly number[], outcome: 'false_positive' | 'valuable' | 'risk_confirmed', reason: string, by: string): number {
    if (reason.trim().length < 10) throw new VaultlineError('VALIDATION', 'Closing alerts needs a reason of at least 10 characters.', { issues: [{ path: 'reason', message: 'at least 10 characters' }] });
    const rows = this.#requireAll(db, ids);
    const closed = rows.filter((r) => r.state === 'closed');
    if (closed.length > 0) throw new VaultlineError('CONFLICT', `Alert ${closed.slice(0, 5).map((r) => r.id).join(', ')}${closed.length > 5 ? ` (and ${closed.length - 5} more)` : ''} is already closed; nothing was changed.`);
    const at = this.clock.now().toISOString();
    updateAlerts(
      db,
      rows.map((r) => r.id),
      { state: 'closed', outcome, closeReason: reason, closedBy: by, closedAt: at },
    );
    insertAlertEvents(
      db,
      rows.map((r) => ({ alertId: r.id, at, by, action: 'closed', detail: `${outcome.replace('_', ' ')}: ${reason}` })),
    );
    return rows.length;
  }
}
