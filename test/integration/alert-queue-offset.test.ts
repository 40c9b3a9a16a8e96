/**
 * The alert queue by offset (the Alerts table jumping to any position of 100 000 alerts): at a few
 * thousand alerts in a real console (SoftHSM2 token, encrypted database), pages asked by `offset`
 * give exactly the rows that walking the keyset `cursor` gives, for every sort and the common
 * filters; an offset beyond the end is an empty page with the true total; a negative offset, a
 * fractional one or one given together with a cursor is refused. The page's id query uses an index
 * for its order (EXPLAIN QUERY PLAN: no temporary B-tree) for the sorts the queue indexes cover.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src-main/db/database';
import { insertAlert, insertMonitoredTx, LEVEL_RANK, usdKey } from '../../src-main/db/monitoring.repository';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import type { AlertFilter, AlertSort } from '../../src-shared/commands/monitoring.commands';
import { call, initConsole, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import { enrol } from '../helpers/operators';

const ANALYST = { username: 'offset.analyst', token: { label: 'offset-analyst', pin: 'analyst-1234' } };
const LEVELS = ['low', 'medium', 'high', 'critical'] as const;
const N = 3000;

describe('alert queue paged by offset', () => {
  let dir: string;
  let core: Core;
  let analyst: CallerContext;

  beforeAll(async () => {
    ({ dir, core } = await initConsole([ANALYST.token]));
    const admin = await unlockAndLogin(core);
    analyst = await enrol(core, admin, { username: ANALYST.username, roles: ['compliance_analyst'], token: ANALYST.token });
    const me = (await ok(core, 'session.whoami', {}, analyst)).operator.id;
    const db = core.console.requireDb();
    await inTransaction(db, () => {
      const version = core.monitoring.ensureRules(db).version;
      const start = Date.parse('2026-01-01T00:00:00.000Z');
      for (let i = 0; i < N; i++) {
        // Ties on purpose: many alerts share a raise time, an amount, a rule and a customer, so the id decides.
        const at = new Date(start + Math.floor(i / 3) * 60_000).toISOString();
        const customerId = `C-${String(i % 37).padStart(3, '0')}`;
        const usdCents = BigInt(1_000_000 + ((i * 7919) % 997) * 1000);
        const txId = `dep:offset-${i}`;
        insertMonitoredTx(db, { id: txId, at, direction: i % 3 === 0 ? 'withdrawal' : 'deposit', customerId, assetId: 'BTC', amount: '1000000', usdCents: usdCents.toString(), counterpartyAddress: `bc1qoffsetpeer${i % 50}`, counterpartyCountry: 'DE', counterpartyVasp: null, counterpartyPep: false, sourceRef: `offset-${i}:0`, recordedAt: at }, i + 1);
        const level = LEVELS[(i * 5) % 4]!;
        const state = i % 11 === 0 ? 'closed' : 'open';
        insertAlert(db, {
          raisedAt: at,
          ruleId: i % 5 === 0 ? 'structuring' : 'high-value',
          ruleVersion: version,
          ruleTitle: i % 5 === 0 ? 'Structuring' : 'High value',
          level,
          levelRank: LEVEL_RANK[level],
          actions: JSON.stringify([{ type: 'alert', level }]),
          conditions: JSON.stringify({ conditions: [], figures: {} }),
          txId,
          txRef: `offset-${i}:0`,
          customerId,
          assetId: 'BTC',
          amount: '1000000',
          usdCents: usdCents.toString(),
          usdKey: usdKey(usdCents),
          assignee: i % 4 === 0 ? me : null,
          state,
          suppressionId: null,
          outcome: state === 'closed' ? 'false_positive' : null,
          closeReason: state === 'closed' ? 'seeded as closed' : null,
          closedBy: state === 'closed' ? me : null,
          closedAt: state === 'closed' ? at : null,
          caseId: null,
        });
      }
    });
  }, 180_000);

  afterAll(async () => {
    await core?.close();
    if (dir) removeDataDir(dir);
  });

  const walkCursor = async (filter: AlertFilter, sort: AlertSort): Promise<number[]> => {
    const ids: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await ok(core, 'monitoring.alerts.list', { limit: 500, filter, sort, ...(cursor ? { cursor } : {}) }, analyst);
      ids.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  };

  const SORTS: AlertSort[] = (['raisedAt', 'level', 'rule', 'customer', 'amount'] as const).flatMap((by) => (['asc', 'desc'] as const).map((dir) => ({ by, dir })));
  const FILTERS: AlertFilter[] = [{ state: 'open' }, { state: 'open', level: 'high' }, { state: 'open', assignee: 'me' }, { state: 'open', assignee: 'unassigned' }, { state: 'all' }];

  it('gives by offset the same rows as walking the cursor, for every sort and the common filters', async () => {
    let compared = 0;
    for (const filter of FILTERS) {
      for (const sort of SORTS) {
        const walked = await walkCursor(filter, sort);
        // Pages of the table's size, in an order the table might ask for them (the end first).
        const byOffset: number[][] = [];
        const pages = Math.ceil(walked.length / 500);
        for (const p of [pages - 1, ...Array.from({ length: pages - 1 }, (_, i) => i)]) {
          const page = await ok(core, 'monitoring.alerts.list', { limit: 500, offset: p * 500, filter, sort }, analyst);
          expect(page.total).toBe(walked.length);
          byOffset[p] = page.rows.map((r) => r.id);
        }
        expect(byOffset.flat()).toEqual(walked);
        // An odd window anywhere is the same slice.
        const odd = await ok(core, 'monitoring.alerts.list', { limit: 137, offset: 911, filter, sort }, analyst);
        expect(odd.rows.map((r) => r.id)).toEqual(walked.slice(911, 911 + 137));
        compared += walked.length;
      }
    }
    expect(compared).toBeGreaterThan(N * SORTS.length);
  }, 240_000);

  it('the last rows by offset are the oldest alerts, and the page after them has none', async () => {
    const sort: AlertSort = { by: 'raisedAt', dir: 'desc' };
    const first = await ok(core, 'monitoring.alerts.list', { limit: 1, filter: { state: 'all' }, sort }, analyst);
    expect(first.total).toBe(N);
    const last = await ok(core, 'monitoring.alerts.list', { limit: 500, offset: N - 3, filter: { state: 'all' }, sort }, analyst);
    // The first three alerts share a raise time; by id descending within it.
    expect(last.rows.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(last.nextCursor).toBeNull();
    const beyond = await ok(core, 'monitoring.alerts.list', { limit: 500, offset: N, filter: { state: 'all' }, sort }, analyst);
    expect(beyond).toMatchObject({ rows: [], nextCursor: null, total: N });
    const far = await ok(core, 'monitoring.alerts.list', { limit: 500, offset: 10 * N, filter: { state: 'all' }, sort }, analyst);
    expect(far.rows).toEqual([]);
  });

  it('refuses a negative or fractional offset, and an offset with a cursor', async () => {
    const negative = await call(core, 'monitoring.alerts.list', { limit: 10, offset: -1 }, analyst);
    expect(!negative.ok && negative.error.code).toBe('VALIDATION');
    const fractional = await call(core, 'monitoring.alerts.list', { limit: 10, offset: 1.5 }, analyst);
    expect(!fractional.ok && fractional.error.code).toBe('VALIDATION');
    const page = await ok(core, 'monitoring.alerts.list', { limit: 10 }, analyst);
    expect(page.nextCursor).not.toBeNull();
    const both = await call(core, 'monitoring.alerts.list', { limit: 10, offset: 10, cursor: page.nextCursor! }, analyst);
    expect(both.ok).toBe(false);
    if (!both.ok) {
      expect(both.error.code).toBe('VALIDATION');
      expect(both.error.message).toMatch(/cursor or an offset/);
    }
  });

  it('orders the page ids over an index (no temporary B-tree) for each sort with the common filters', () => {
    const sqlite = core.console.requireDb().sqlite;
    const columns = { raisedAt: 'raised_at', level: 'level_rank', amount: 'usd_key', rule: 'rule_id', customer: 'customer_id' } as const;
    const filters = { state: "state = 'open'", 'state+level': "state = 'open' AND level = 'high'", 'state+assignee': "state = 'open' AND assignee = 'x'" } as const;
    const plans: Record<string, boolean> = {};
    for (const [name, column] of Object.entries(columns)) {
      for (const [f, clause] of Object.entries(filters)) {
        const plan = sqlite
          .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN SELECT a.id FROM monitoring_alerts a WHERE ${clause} ORDER BY a.${column} DESC, a.id DESC LIMIT 500 OFFSET 99500`)
          .all()
          .map((r) => r.detail)
          .join(' | ');
        plans[`${name} / ${f}`] = !/TEMP B-TREE/.test(plan);
      }
    }
    // Each sort has its (state, column, id) index (migrations 0009 and 0012); the level or assignee filter is applied
    // while walking it.
    expect(plans).toEqual({
      'raisedAt / state': true,
      'raisedAt / state+level': true,
      'raisedAt / state+assignee': true,
      'amount / state': true,
      'amount / state+level': true,
      'amount / state+assignee': true,
      'level / state': true,
      'level / state+level': true,
      'level / state+assignee': true,
      'rule / state': true,
      'rule / state+level': true,
      'rule / state+assignee': true,
      'customer / state': true,
      'customer / state+level': true,
      'customer / state+assignee': true,
    });
  });
});
