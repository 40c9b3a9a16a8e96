import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { VaultlineError } from '../errors';
import type { Bus, HandlerContext } from '../bus/bus';
import type { ConsoleService } from '../services/console.service';
import { activeVersion, countCurrentEntries } from '../db/screening.repository';
import type { KycService } from '../kyc/kyc.service';
import { listVersionViewOf, versionsView } from '../kyc/kyc.views';
import { addressKey } from '../kyc/screening.service';
import { actor } from './session.handlers';

/** Candidates below this score are not worth showing in an ad hoc search, whatever the list's threshold. */
const AD_HOC_FLOOR = 0.5;

export function registerKycScreeningHandlers(bus: Bus, console: ConsoleService, kyc: KycService): void {
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
    const rescreen = kyc.rescreenAfterListUpdate(db(), input.listId, imported, by(ctx));
    return { version: listVersionViewOf(imported.version), rescreen };
  });

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
