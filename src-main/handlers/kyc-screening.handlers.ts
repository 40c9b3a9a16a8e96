import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { VaultlineError } from '../errors';
import type { Bus, HandlerContext } from '../bus/bus';
import type { ConsoleService } from '../services/console.service';
import { activeVersion, countCurrentEntries } from '../db/screening.repository';
import type { KycService } from '../kyc/kyc.service';
import { listVersionViewOf, versionsView } from '../kyc/kyc.views';
import { addressKey } from '../kyc/screening.service';
import { lastRescreens, pendingRescreens, queueRescreen, type RescreenRunner } from '../kyc/rescreen.job';
import type { Clock } from '../platform/clock';
import { actor } from './session.handlers';

/** Candidates below this score are not worth showing in an ad hoc search, whatever the list's threshold. */
const AD_HOC_FLOOR = 0.5;

export function registerKycScreeningHandlers(bus: Bus, console: ConsoleService, kyc: KycService, rescreens: RescreenRunner, clock: Clock): void {
  const db = () => console.requireDb();
  const by = (ctx: HandlerContext) => `operator:${actor(ctx).username}`;

  bus.register('kyc.lists.list', () => ({
    lists: kyc.screening.lists(db()).map((l) => {
      const active = activeVersion(db(), l.id);
      return {
        id: l.id,
        kind: l.kind,
        name: l.name,
        threshold: l.threshold,
        currentEntries: countCurrentEntries(db(), l.id),
        addresses: active ? (kyc.screening.loaded(db(), l.id)?.addresses.size ?? 0) : 0,
        active: active ? listVersionViewOf(active) : null,
        versions: versionsView(db(), l.id),
      };
    }),
  }));

  bus.register('kyc.lists.import', async (input, ctx) => {
    try {
      const info = await stat(input.path);
      if (!info.isFile()) throw new Error('not a file');
    } catch {
      throw new VaultlineError('IO', `Cannot read a list file at ${input.path}.`, { issues: [{ path: 'path', message: 'is not a readable file' }] });
    }
    const imported = await kyc.screening.importVersion(db(), {
      listId: input.listId,
      kind: input.kind,
      name: input.name,
      threshold: input.threshold,
      format: input.format,
      version: input.version,
      publishedAt: input.publishedAt,
      source: input.source,
      chunks: createReadStream(input.path, { highWaterMark: 256 * 1024 }),
      expectedSha256: input.expectedSha256?.toLowerCase(),
      importedBy: by(ctx),
      via: 'console',
    });
    const delisted = kyc.applyDelistings(db(), input.listId, imported, by(ctx));
    queueRescreen(db(), input.listId, { full: false, reason: `version ${input.version} imported`, by: by(ctx), at: clock.now().toISOString() });
    // The job starts once this command has committed (JobService runs it on the next turn).
    const job = rescreens.ensure(db(), actor(ctx).id);
    return { version: listVersionViewOf(imported.version), delistedHits: delisted.delistedHits, rescored: delisted.rescored, jobId: job?.id ?? null };
  });

  bus.register('kyc.rescreen.start', (input, ctx) => {
    const lists = input.listId ? [input.listId] : kyc.screening.active(db()).map((l) => l.list.id);
    if (lists.length === 0) throw new VaultlineError('CONFLICT', 'No screening list has an active version yet: import one first. Nothing was started.');
    if (input.listId && !activeVersion(db(), input.listId)) throw new VaultlineError('NOT_FOUND', `The list "${input.listId}" has no active version. Nothing was started.`, { issues: [{ path: 'listId', message: 'no active version' }] });
    for (const listId of lists) queueRescreen(db(), listId, { full: true, reason: input.reason, by: by(ctx), at: clock.now().toISOString() });
    const job = rescreens.ensure(db(), actor(ctx).id)!;
    return { job, lists };
  });

  bus.register('kyc.rescreen.status', () => ({
    job: rescreens.current() ?? null,
    pending: pendingRescreens(db()).map((t) => ({ listId: t.listId, version: t.version, full: t.full, reason: t.reason, requestedBy: t.requestedBy, requestedAt: t.requestedAt, done: t.done })),
    last: lastRescreens(db()),
  }));

  bus.register('kyc.screen.name', (input) => {
    const lists = kyc.screening.active(db());
    const query = { name: input.name, ...(input.kind ? { kind: input.kind } : {}), ...(input.birthDate ? { birthDate: input.birthDate } : {}), ...(input.countries ? { countries: input.countries } : {}) };
    const matches = lists.flatMap((l) =>
      kyc.screening.searchName(l, query, input.limit, Math.min(AD_HOC_FLOOR, l.list.threshold)).map((m) => {
        const entry = l.entries.get(m.entryId)?.entry;
        return {
          listId: l.list.id,
          listName: l.list.name,
          listVersion: l.version.version,
          entryId: m.entryId,
          entryName: entry?.names.find((n) => n.primary)?.name ?? m.matchedName,
          entryKind: entry?.kind ?? 'unknown',
          programs: [...(entry?.programs ?? [])],
          matchedName: m.matchedName,
          score: m.score,
          threshold: l.list.threshold,
          aboveThreshold: m.score >= l.list.threshold,
          agreed: [...m.agreed],
          penalised: [...m.penalised],
        };
      }),
    );
    matches.sort((a, b) => b.score - a.score);
    return { matches: matches.slice(0, input.limit), listsSearched: lists.length };
  });

  bus.register('kyc.screen.address', (input) => {
    const lists = kyc.screening.active(db());
    const hits = lists.flatMap((l) =>
      kyc.screening.searchAddress(l, input.chain, input.address).map((entryId) => {
        const entry = l.entries.get(entryId)!.entry;
        const listed = entry.addresses.find((a) => addressKey(a.chain, a.address) === addressKey(input.chain, input.address))!;
        return { listId: l.list.id, listVersion: l.version.version, entryId, entryName: entry.names.find((n) => n.primary)?.name ?? entryId, asset: listed.asset, address: listed.address, programs: [...entry.programs] };
      }),
    );
    return { normalised: addressKey(input.chain, input.address).slice(input.chain.length + 1), hits, listsSearched: lists.filter((l) => l.addresses.size > 0).length };
  });
}
