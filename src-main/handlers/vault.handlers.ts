import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { VaultlineError } from '../errors';
import type { Bus, HandlerContext } from '../bus/bus';
import type { Clock } from '../platform/clock';
import type { ConsoleService } from '../services/console.service';
import {
  acknowledgeAlert,
  countRecords,
  listAccess,
  listAlerts,
  listRecords,
  logAccess,
  recordIdsWithTerms,
  recordTypes,
  termsOf,
  type RecordRow,
} from '../db/vault.repository';
import { MAX_RECORD_BYTES, type VaultService } from '../vault/vault.service';
import { recordView } from '../vault/record-view';
import { toTerms } from '../vault/search-terms';
import { canSeeSars } from '../../src-shared/roles';
import { actor } from './session.handlers';

export { recordView };

/** SAR confidentiality: for anyone outside compliance, SAR records do not exist. */
export function hiddenTypes(ctx: HandlerContext): ('sar')[] {
  return canSeeSars(actor(ctx).roles) ? [] : ['sar'];
}

function requireVisible(record: RecordRow, ctx: HandlerContext): RecordRow {
  if (hiddenTypes(ctx).includes(record.type as 'sar')) throw new VaultlineError('NOT_FOUND', `No record ${record.id}.`);
  return record;
}

export function registerVaultHandlers(bus: Bus, console: ConsoleService, vault: VaultService, clock: Clock): void {
  const db = () => console.requireDb();
  const by = (ctx: HandlerContext) => `operator:${actor(ctx).username}`;

  bus.register('vault.records.put', async (input, ctx) => {
    const { contentBase64, ...meta } = input;
    const content = Buffer.from(contentBase64, 'base64');
    return { record: recordView(await vault.put(db(), meta, content, by(ctx))) };
  });

  bus.register('vault.records.importFile', async (input, ctx) => {
    const { path, ...meta } = input;
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error('not a file');
      size = info.size;
    } catch {
      throw new VaultlineError('IO', `Cannot read a file at ${path}.`, { issues: [{ path: 'path', message: 'is not a readable file' }] });
    }
    if (size > MAX_RECORD_BYTES) throw new VaultlineError('VALIDATION', `${path} is ${(size / 1024 / 1024).toFixed(1)} MB; a record may hold at most 25 MB.`, { issues: [{ path: 'path', message: 'file exceeds 25 MB' }] });
    return { record: recordView(await vault.put(db(), meta, createReadStream(path, { highWaterMark: 64 * 1024 }), by(ctx))) };
  });

  bus.register('vault.records.list', (input, ctx) => {
    const { limit, ...filter } = input;
    const visible = { ...filter, excludeTypes: hiddenTypes(ctx) };
    return { records: listRecords(db(), visible, limit).map(recordView), total: countRecords(db(), visible) };
  });

  bus.register('vault.records.read', (input, ctx) => {
    const operator = actor(ctx);
    const record = requireVisible(vault.require(db(), input.id), ctx);
    const content = vault.readAll(db(), record.id, { operatorId: operator.id, username: operator.username, purpose: input.purpose, kind: 'content' }, (w) => ctx.onFailure(w));
    return { record: recordView(record), contentBase64: content.toString('base64') };
  });

  bus.register('vault.search', (input, ctx) => {
    const operator = actor(ctx);
    const terms = toTerms({ names: input.name ? [input.name] : [], addresses: input.address ? [input.address] : [], txHashes: input.txHash ? [input.txHash] : [] });
    if ((input.name || input.address || input.txHash) && terms.length === 0) return { records: [] };
    const ids = terms.length > 0 ? recordIdsWithTerms(db(), terms) : undefined;
    if (ids && ids.length === 0) return { records: [] };
    const found = listRecords(db(), { ids, from: input.from, to: input.to, excludeTypes: hiddenTypes(ctx) }, input.limit);
    const at = clock.now().toISOString();
    for (const r of found) logAccess(db(), { recordId: r.id, at, operatorId: operator.id, operatorUsername: operator.username, kind: 'search', purpose: input.purpose, outcome: 'ok' });
    return { records: found.map(recordView) };
  });

  bus.register('vault.access.list', (input, ctx) => ({
    // SAR confidentiality covers the access log too: who read a SAR says that it exists.
    access: listAccess(db(), input.recordId, input.limit, hiddenTypes(ctx)).map((a) => ({ recordId: a.recordId, at: a.at, operatorUsername: a.operatorUsername, kind: a.kind, purpose: a.purpose, outcome: a.outcome })),
  }));

  bus.register('vault.records.get', (input, ctx) => {
    const record = requireVisible(vault.require(db(), input.id), ctx);
    return { record: recordView(record), terms: termsOf(db(), record.id) };
  });

  bus.register('vault.legalHold.set', (input, ctx) => ({ record: recordView(vault.setLegalHold(db(), input.id, input.hold, input.reason, by(ctx))) }));

  bus.register('vault.relationship.end', (input, ctx) => ({ recordsUpdated: vault.endRelationship(db(), input.customerId, input.endedAt, by(ctx)) }));

  bus.register('vault.retention.sweep', (_input, ctx) => ({ shredded: vault.sweep(db(), by(ctx)).map((r) => ({ id: r.id, type: r.type, retentionUntil: r.retentionUntil! })) }));

  bus.register('integrity.alerts.list', (input, ctx) => {
    const alerts = listAlerts(db(), input.open, input.limit);
    const hidden = hiddenTypes(ctx);
    if (hidden.length === 0) return { alerts };
    // An alert about a SAR record would tell a non-compliance reader that the SAR exists.
    const types = recordTypes(db(), alerts.filter((a) => a.kind === 'record_integrity').map((a) => a.subject));
    return { alerts: alerts.filter((a) => !hidden.includes(types.get(a.subject) as 'sar')) };
  });

  bus.register('integrity.alerts.acknowledge', (input, ctx) => {
    if (!acknowledgeAlert(db(), input.id, clock.now().toISOString(), by(ctx))) throw new VaultlineError('NOT_FOUND', `No open integrity alert ${input.id}.`);
    return { acknowledged: true as const };
  });
}
