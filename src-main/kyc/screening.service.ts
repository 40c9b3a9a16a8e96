/**
 * Screening as the KYC module runs it: list versions stored (all or nothing, never older than the
 * current one), each list's current entries held in memory with one name index and one address
 * index per version (built once, reused for every subject of a re-screen), and hits raised only for
 * matches that are new:
 *
 * - a match with an open hit on the same subject and entry refreshes that hit (new score, entry
 *   row, digests) and raises nothing;
 * - a confirmed (true match) hit is not raised again;
 * - a false positive is remembered: it is raised again only once the list entry or the subject's
 *   screened data (its digest) has changed since the resolution;
 * - a hit on an entry that left the list is history: it keeps its resolution, gets `delisted_at`,
 *   and no longer suppresses anything.
 */
import { createHash, randomBytes } from 'node:crypto';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { ReadableDB, WritableDB } from '../db/database';
import {
  activeVersion,
  activeVersions,
  allLists,
  closeEntry,
  currentEntries,
  customersWithHitsOn,
  deactivateVersion,
  findList,
  findVersionByName,
  hitKeysOfList,
  hitsOfSubject,
  insertEntry,
  insertHit,
  insertList,
  insertVersion,
  markDelisted,
  setVersionCounts,
  updateHit,
  type HitKeyRow,
  type HitRow,
  type ListRow,
  type ListVersionRow,
} from '../db/screening.repository';
import { canonicalJson } from '../../src-shared/canonical';
import { AddressIndex, normaliseForScreening, type AddressHit } from '../screening/address-screening';
import type { ListEntry, NameMatch, NameQuery } from '../screening/screening.types';
import { thresholdFor } from '../screening/screening-thresholds';
import { entryDigest } from '../screening/list-digest';
import type { ListFormat, ListReader } from './list-reader';
import type { NameIndexFactory, NameSearcher } from './name-search';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');


/** One list's active version, read once and kept while it stays active. */
export interface LoadedList {
  readonly list: ListRow;
  readonly version: ListVersionRow;
  readonly entries: ReadonlyMap<string, { readonly entry: ListEntry; readonly digest: string }>;
  /** Built on first use: the custody pre-check needs only the addresses. */
  readonly names: NameSearcher;
  /** `chain:normalised address` → entry ids listing it. */
  readonly addresses: ReadonlyMap<string, readonly string[]>;
  /** The screening library's index of this version's addresses (what a destination is screened against). */
  readonly addressIndex: AddressIndex;
}

/** Someone (or some address) screened: what was searched, and the digest a resolution remembers. */
export interface PersonSubject {
  readonly subjectType: 'customer' | 'owner';
  readonly subjectId: string;
  readonly customerId: string;
  readonly query: NameQuery;
  readonly digest: string;
}

export interface AddressSubject {
  readonly subjectId: string;
  readonly customerId: string | null;
  readonly chain: 'bitcoin' | 'ethereum';
  readonly address: string;
}

export function addressKey(chain: string, address: string): string {
  return `${chain}:${chain === 'bitcoin' || chain === 'ethereum' ? normaliseForScreening(chain, address) : address.trim()}`;
}

/** The digest of what a person's screening reads: the query itself. */
export const queryDigest = (query: NameQuery): string => sha256(canonicalJson(query));

export interface ImportRequest {
  readonly listId: string;
  readonly kind?: 'sanctions' | 'pep' | undefined;
  readonly name?: string | undefined;
  readonly threshold?: number | undefined;
  readonly format: ListFormat;
  readonly version: string;
  readonly publishedAt: string;
  readonly source: string;
  readonly chunks: AsyncIterable<Uint8Array>;
  readonly expectedSha256?: string | undefined;
  readonly importedBy: string;
  readonly via: string;
}

export interface ImportResult {
  readonly version: ListVersionRow;
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

/** Decides whether a match is new, against the hits already raised (see the module comment). */
export class HitBook {
  readonly #byKey = new Map<string, HitKeyRow[]>();

  constructor(rows: readonly HitKeyRow[]) {
    for (const r of rows) this.add(r);
  }

  static key(subjectType: string, subjectId: string, entryId: string): string {
    return `${subjectType}\u0000${subjectId}\u0000${entryId}`;
  }

  add(r: HitKeyRow): void {
    const k = HitBook.key(r.subjectType, r.subjectId, r.entryId);
    const list = this.#byKey.get(k);
    if (list) list.push(r);
    else this.#byKey.set(k, [r]);
  }

  /** `raise` a new hit, `refresh` the open one, or `skip` (confirmed, or a remembered false positive). */
  decide(subjectType: string, subjectId: string, entryId: string, entryDigest: string, subjectDigest: string): { action: 'raise' } | { action: 'refresh'; hitId: string; unchanged: boolean } | { action: 'skip' } {
    const live = (this.#byKey.get(HitBook.key(subjectType, subjectId, entryId)) ?? []).filter((h) => h.delistedAt === null);
    const open = live.find((h) => h.status === 'open');
    if (open) return { action: 'refresh', hitId: open.id, unchanged: open.entryDigest === entryDigest && open.subjectDigest === subjectDigest };
    if (live.some((h) => h.status === 'true_match')) return { action: 'skip' };
    if (live.some((h) => h.status === 'false_positive' && h.resolvedEntryDigest === entryDigest && h.resolvedSubjectDigest === subjectDigest)) return { action: 'skip' };
    return { action: 'raise' };
  }
}

export interface ScreenOutcome {
  readonly raised: HitRow[];
  readonly refreshed: number;
}

export class ScreeningService {
  /** listId → the loaded active version, keyed by the version file's digest (a version's content). */
  readonly #loaded = new Map<string, LoadedList>();

  constructor(
    private readonly clock: Clock,
    private readonly nameIndex: NameIndexFactory,
    private readonly readList: ListReader,
  ) {}

  // ─── lists and versions ──────────────────────────────────────────────────────────────────

  /**
   * Read a list file and store it as the list's new active version: all or nothing (the caller's
   * transaction), refused when malformed, empty, a version already known, or not published after
   * the current version. Entries unchanged since the last version keep their rows.
   */
  async importVersion(db: WritableDB, r: ImportRequest): Promise<ImportResult> {
    const now = this.clock.now().toISOString();
    let list = findList(db, r.listId);
    if (!list) {
      if (!r.kind) throw new VaultlineError('VALIDATION', `The console does not know the list "${r.listId}" yet: say whether it is a sanctions or a PEP list (kind). Nothing was imported.`, { issues: [{ path: 'kind', message: 'required for a new list' }] });
      list = { id: r.listId, kind: r.kind, name: r.name ?? r.listId, threshold: r.threshold ?? thresholdFor(r.listId), createdAt: now };
      insertList(db, list);
    } else if (r.kind && r.kind !== list.kind) {
      throw new VaultlineError('CONFLICT', `The list "${r.listId}" is a ${list.kind} list, not a ${r.kind} list. Nothing was imported.`);
    }
    if (findVersionByName(db, r.listId, r.version)) throw new VaultlineError('DUPLICATE', `Version ${r.version} of the list "${r.listId}" was already imported. Nothing was imported.`);
    const current = activeVersion(db, r.listId);
    if (current && !(r.publishedAt > current.publishedAt)) {
      throw new VaultlineError('CONFLICT', `Version ${r.version} of "${r.listId}" (published ${r.publishedAt}) is not newer than the current version ${current.version} (published ${current.publishedAt}). Nothing was imported.`);
    }

    const read = await this.readList({ listId: r.listId, format: r.format, publishedAt: r.publishedAt, chunks: r.chunks, expectedSha256: r.expectedSha256 });
    if (read.issued !== undefined && read.issued !== r.publishedAt.slice(0, 10)) {
      throw new VaultlineError('VALIDATION', `The ${r.format} file says it was issued on ${read.issued}, but the update says it was published on ${r.publishedAt.slice(0, 10)}. Nothing was imported.`, { issues: [{ path: 'publishedAt', message: `the file was issued on ${read.issued}` }] });
    }
    if (read.entries.length === 0) throw new VaultlineError('VALIDATION', `The ${r.format} file holds no entries: a list update never empties a list. Nothing was imported.`);
    if (current && read.sha256 === current.digest) throw new VaultlineError('DUPLICATE', `The file is the same as the current version ${current.version} of "${r.listId}". Nothing was imported.`);
    const next = new Map<string, { entry: ListEntry; digest: string }>();
    for (const entry of read.entries) {
      if (entry.listId !== r.listId) throw new VaultlineError('VALIDATION', `Entry ${entry.entryId} belongs to the list "${entry.listId}", not "${r.listId}". Nothing was imported.`);
      if (next.has(entry.entryId)) throw new VaultlineError('VALIDATION', `Entry ${entry.entryId} appears twice in the file. Nothing was imported.`);
      next.set(entry.entryId, { entry, digest: entryDigest(entry) });
    }

    if (current) deactivateVersion(db, current.id);
    const versionId = insertVersion(db, {
      listId: r.listId,
      version: r.version,
      publishedAt: r.publishedAt,
      format: r.format,
      source: r.source,
      digest: read.sha256,
      entryCount: next.size,
      added: 0,
      changed: 0,
      removed: 0,
      active: true,
      importedAt: now,
      importedBy: r.importedBy,
      via: r.via,
    });
    const existing = new Map(currentEntries(db, r.listId).map((e) => [e.entryId, e]));
    const added: string[] = [];
    const changed: string[] = [];
    const removed: string[] = [];
    for (const [entryId, { entry, digest }] of next) {
      const before = existing.get(entryId);
      if (before?.digest === digest) continue;
      if (before) {
        closeEntry(db, before.row, versionId);
        changed.push(entryId);
      } else added.push(entryId);
      insertEntry(db, { listId: r.listId, entryId, digest, kind: entry.kind, primaryName: entry.names.find((n) => n.primary)?.name ?? entry.names[0]?.name ?? entryId, data: canonicalJson(entry), fromVersion: versionId });
    }
    for (const [entryId, before] of existing) {
      if (next.has(entryId)) continue;
      closeEntry(db, before.row, versionId);
      removed.push(entryId);
    }
    setVersionCounts(db, versionId, { added: added.length, changed: changed.length, removed: removed.length });
    const version = activeVersion(db, r.listId)!;
    this.#loaded.set(r.listId, this.build(list, version, next));
    return { version, added, changed, removed };
  }

  private build(list: ListRow, version: ListVersionRow, entries: Map<string, { entry: ListEntry; digest: string }>): LoadedList {
    const addresses = new Map<string, string[]>();
    for (const { entry } of entries.values()) {
      for (const a of entry.addresses) {
        const key = addressKey(a.chain, a.address);
        const ids = addresses.get(key);
        if (ids) {
          if (!ids.includes(entry.entryId)) ids.push(entry.entryId);
        } else addresses.set(key, [entry.entryId]);
      }
    }
    let names: NameSearcher | undefined;
    const factory = this.nameIndex;
    const addressIndex = AddressIndex.fromEntries({ listId: list.id, name: list.name, issued: version.publishedAt.slice(0, 10), entries: [...entries.values()].map((e) => e.entry) });
    return {
      list,
      version,
      entries,
      get names() {
        return (names ??= factory([...entries.values()].map((e) => e.entry)));
      },
      addresses,
      addressIndex,
    };
  }

  /**
   * The part of a loaded version that an update added or changed: a name index of those entries
   * alone (scoring with the whole version's token weights) and their addresses. Every other pair of
   * entry and subject was screened when the later of the two last changed, so a re-screen against
   * this part raises exactly the new matches — in time proportional to the change, not the list.
   */
  changedPart(l: LoadedList, entryIds: readonly string[]): LoadedList {
    const part = new Map(entryIds.flatMap((id) => (l.entries.has(id) ? [[id, l.entries.get(id)!] as const] : [])));
    const addresses = new Map<string, string[]>();
    for (const [key, ids] of l.addresses) {
      const mine = ids.filter((id) => part.has(id));
      if (mine.length > 0) addresses.set(key, mine);
    }
    // `entries` stays the whole version: hits look their entry (and its digest) up there.
    return { list: l.list, version: l.version, entries: l.entries, names: this.nameIndex([...part.values()].map((e) => e.entry), { weightsFrom: l.names }), addresses, addressIndex: l.addressIndex };
  }

  /** The active version of a list, from memory when it is still the active one (same file digest). */
  loaded(db: ReadableDB, listId: string): LoadedList | undefined {
    const version = activeVersion(db, listId);
    if (!version) return undefined;
    const cached = this.#loaded.get(listId);
    // A version's content is its file: the same digest is the same entries, whatever its row id.
    if (cached && cached.version.digest === version.digest && cached.version.id === version.id) return cached;
    const list = findList(db, listId)!;
    const entries = new Map<string, { entry: ListEntry; digest: string }>();
    for (const e of currentEntries(db, listId)) entries.set(e.entryId, { entry: JSON.parse(e.data) as ListEntry, digest: e.digest });
    const built = this.build(list, version, entries);
    this.#loaded.set(listId, built);
    return built;
  }

  /** Every list with an active version. */
  active(db: ReadableDB): LoadedList[] {
    return activeVersions(db).flatMap((v) => this.loaded(db, v.listId) ?? []);
  }

  lists(db: ReadableDB): ListRow[] {
    return allLists(db);
  }

  /** The current row id of an entry (the row a new hit refers to). */
  private entryRow(db: ReadableDB, listId: string, entryId: string): number {
    const row = db.sqlite.prepare<[string, string], { id: number }>('SELECT id FROM screening_entries WHERE list_id = ? AND entry_id = ? AND to_version IS NULL').get(listId, entryId);
    if (!row) throw new VaultlineError('INTERNAL', `list ${listId} has no current row for entry ${entryId}`);
    return row.id;
  }

  // ─── screening ───────────────────────────────────────────────────────────────────────────

  /** Name matches of one query on one list, above the list's threshold. */
  searchName(l: LoadedList, query: NameQuery, limit = 10, threshold = l.list.threshold): NameMatch[] {
    return l.names.search(query, { limit, threshold });
  }

  /**
   * A withdrawal destination against the address lists in force: the active version of every list
   * that carries addresses (a delisted address stops hitting once the version that dropped it is
   * active). `lists` is empty until a list with addresses has been imported.
   */
  screenDestination(db: ReadableDB, chain: string, address: string): { readonly hit: AddressHit | undefined; readonly lists: readonly LoadedList[] } {
    const lists = this.active(db).filter((l) => l.addressIndex.size > 0);
    for (const l of lists) {
      const hit = l.addressIndex.screen(chain, address);
      if (hit) return { hit, lists };
    }
    return { hit: undefined, lists };
  }

  /** Entries of one list that carry this address. */
  searchAddress(l: LoadedList, chain: string, address: string): string[] {
    return [...(l.addresses.get(addressKey(chain, address)) ?? [])];
  }

  /**
   * Screen subjects against lists and raise the new hits (see the module comment). `book` holds
   * the hits already raised for those lists and subjects; new hits are added to it.
   */
  screen(db: WritableDB, lists: readonly LoadedList[], people: readonly PersonSubject[], addresses: readonly AddressSubject[], book: (listId: string) => HitBook, raisedBy: string): ScreenOutcome {
    const raised: HitRow[] = [];
    let refreshed = 0;
    const now = this.clock.now().toISOString();
    const record = (l: LoadedList, s: { subjectType: HitRow['subjectType']; subjectId: string; customerId: string | null; subjectName: string; digest: string }, entryId: string, match: { score: number; matchedName: string; explanation: unknown }): void => {
      const { digest } = l.entries.get(entryId)!;
      const hits = book(l.list.id);
      const decision = hits.decide(s.subjectType, s.subjectId, entryId, digest, s.digest);
      if (decision.action === 'skip') return;
      if (decision.action === 'refresh') {
        if (decision.unchanged) return;
        updateHit(db, decision.hitId, { entryRow: this.entryRow(db, l.list.id, entryId), entryDigest: digest, subjectDigest: s.digest, subjectName: s.subjectName, listVersionId: l.version.id, score: match.score, matchedName: match.matchedName, explanation: canonicalJson(match.explanation) });
        refreshed++;
        return;
      }
      const row: HitRow = {
        id: `hit_${randomBytes(8).toString('hex')}`,
        customerId: s.customerId,
        subjectType: s.subjectType,
        subjectId: s.subjectId,
        subjectName: s.subjectName,
        subjectDigest: s.digest,
        listId: l.list.id,
        entryId,
        entryRow: this.entryRow(db, l.list.id, entryId),
        entryDigest: digest,
        listVersionId: l.version.id,
        score: match.score,
        matchedName: match.matchedName,
        explanation: canonicalJson(match.explanation),
        status: 'open',
        raisedAt: now,
        raisedBy,
        resolvedAt: null,
        resolvedBy: null,
        resolutionReason: null,
        resolvedEntryDigest: null,
        resolvedSubjectDigest: null,
        delistedAt: null,
      };
      insertHit(db, row);
      hits.add({ id: row.id, subjectType: row.subjectType, subjectId: row.subjectId, entryId, status: 'open', entryDigest: digest, subjectDigest: s.digest, resolvedEntryDigest: null, resolvedSubjectDigest: null, delistedAt: null });
      raised.push(row);
    };
    for (const l of lists) {
      for (const p of people) {
        for (const m of this.searchName(l, p.query)) {
          record(l, { subjectType: p.subjectType, subjectId: p.subjectId, customerId: p.customerId, subjectName: p.query.name, digest: p.digest }, m.entryId, { score: m.score, matchedName: m.matchedName, explanation: { agreed: m.agreed, penalised: m.penalised } });
        }
      }
      if (l.addresses.size === 0) continue;
      for (const a of addresses) {
        for (const entryId of this.searchAddress(l, a.chain, a.address)) {
          const listed = l.entries.get(entryId)!.entry.addresses.find((x) => addressKey(x.chain, x.address) === addressKey(a.chain, a.address))!;
          record(l, { subjectType: 'address', subjectId: a.subjectId, customerId: a.customerId, subjectName: a.address, digest: sha256(a.subjectId) }, entryId, {
            score: 1,
            matchedName: listed.address,
            explanation: { agreed: [{ feature: 'tokens', detail: `the ${a.chain} address is listed (${listed.asset}${listed.address === a.address ? '' : `, written ${listed.address}`})`, effect: 1 }], penalised: [] },
          });
        }
      }
    }
    return { raised, refreshed };
  }

  /** A book of one subject's hits, for screening a single customer (cheap). */
  subjectBook(db: ReadableDB, subjects: readonly { subjectType: HitRow['subjectType']; subjectId: string }[]): (listId: string) => HitBook {
    const rows = subjects.flatMap((s) => hitsOfSubject(db, s.subjectType, s.subjectId));
    const books = new Map<string, HitBook>();
    return (listId) => {
      let b = books.get(listId);
      if (!b) books.set(listId, (b = new HitBook(rows.filter((r) => r.listId === listId))));
      return b;
    };
  }

  /** A book of every hit of the given lists, for a full re-screen (one query per list). */
  listBook(db: ReadableDB): (listId: string) => HitBook {
    const books = new Map<string, HitBook>();
    return (listId) => {
      let b = books.get(listId);
      if (!b) books.set(listId, (b = new HitBook(hitKeysOfList(db, listId))));
      return b;
    };
  }

  /** Hits on entries a version dropped keep their history; returns the customers concerned. */
  delist(db: WritableDB, listId: string, removed: readonly string[]): { hits: number; customers: string[] } {
    if (removed.length === 0) return { hits: 0, customers: [] };
    const hits = markDelisted(db, listId, removed, this.clock.now().toISOString());
    return { hits, customers: customersWithHitsOn(db, listId, removed) };
  }
}
