/**
 * The re-screen of every customer, beneficial owner and known address after a list update (or on
 * demand), as a background job with progress instead of inside the command that imported the list.
 *
 * - **Queued in the import's transaction.** A list import (bundle item or `kyc.lists.import`) stores
 *   the version, marks hits on delisted entries, and queues a task in `meta`
 *   (`kyc.rescreen.pending`) — all or nothing with the import, and nothing at all after a bundle
 *   preview (its savepoint is rolled back). `kyc.rescreen.start` queues a full re-screen.
 * - **Run between commands.** After every command that commits, the runner looks for queued tasks
 *   and starts one job (`JobService`) if none is running; after a restart that is the first
 *   command after unlock. The job works in slices through `Bus.exclusive`, so other commands are
 *   served between slices.
 * - **Each slice is one transaction**: the hits it raises, their events, the customers re-scored
 *   and the task's cursor (the last subject key done) commit together. A crash (or a lock) between
 *   slices leaves the task queued at its cursor and the job resumes from there; a slice lost to a
 *   crash is simply done again — screening is idempotent (an open hit is refreshed, a resolved one
 *   remembered), so nothing is raised twice.
 * - A newer version of the same list queued meanwhile merges into the task (the entries both
 *   versions brought; a full re-screen if either asked) and restarts it from the first subject.
 * - **Known addresses** are the customers' linked wallets, custody's withdrawal destinations, and
 *   every distinct counterparty of a customer's monitored transactions (monitoring.repository.ts
 *   `monitoredCounterparties`: deposit senders, withdrawal destinations), one subject per customer,
 *   chain and normalised address (`a:C-1:bitcoin:bc1q…`, so they interleave per customer with the
 *   rest). A counterparty that is not also a linked wallet or destination is screened as a deposit's
 *   sender is at deposit time (kyc.service.ts `screenDepositSender`): an address hit on the customer,
 *   a `hit_raised` event naming it "deposit sender …" (or "withdrawal destination …"), and the
 *   customer re-scored when the hit changes its score (the wallet-behaviour factor reads it).
 */
import { VaultlineError } from '../errors';
import type { ReadableDB, WritableDB } from '../db/database';
import { inTransaction } from '../db/database';
import { getMeta, setMeta } from '../db/meta.repository';
import { insertEvent } from '../db/kyc.repository';
import { monitoredCounterparties } from '../db/monitoring.repository';
import { activeVersion, entriesChangedSince } from '../db/screening.repository';
import { canonicalJson } from '../../src-shared/canonical';
import type { Clock } from '../platform/clock';
import type { JobService, JobView } from '../services/jobs.service';
import { addressSubjectId, type KycService } from './kyc.service';
import type { AddressSubject, LoadedList, PersonSubject } from './screening.service';

const PENDING = 'kyc.rescreen.pending';
const LAST = 'kyc.rescreen.last';

export interface RescreenTask {
  readonly listId: string;
  /** The version the re-screen is for (the list's active version when it was queued). */
  readonly versionId: number;
  readonly version: string;
  /** Entries brought in from this version on are searched (merged updates keep the oldest). */
  readonly sinceVersionId: number;
  /** The whole list, not only what changed. */
  readonly full: boolean;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  /** The last subject key screened (subjects are screened in key order), or null before the first. */
  readonly cursor: string | null;
  readonly done: number;
  readonly newHits: number;
  readonly rescored: number;
}

export interface RescreenResult {
  readonly listId: string;
  readonly version: string;
  readonly full: boolean;
  readonly reason: string;
  readonly subjects: number;
  readonly entriesScreened: number;
  readonly newHits: number;
  readonly rescored: number;
  readonly finishedAt: string;
}

export function pendingRescreens(db: ReadableDB): RescreenTask[] {
  const raw = getMeta(db, PENDING);
  return raw ? (JSON.parse(raw) as RescreenTask[]) : [];
}

export function lastRescreens(db: ReadableDB): RescreenResult[] {
  const raw = getMeta(db, LAST);
  return raw ? (JSON.parse(raw) as RescreenResult[]) : [];
}

const savePending = (db: WritableDB, tasks: readonly RescreenTask[]): void => setMeta(db, PENDING, JSON.stringify(tasks));

/** Queue a re-screen of everyone against the active version of `listId` (in the caller's transaction). */
export function queueRescreen(db: WritableDB, listId: string, options: { readonly full: boolean; readonly reason: string; readonly by: string; readonly at: string }): RescreenTask {
  const version = activeVersion(db, listId);
  if (!version) throw new VaultlineError('NOT_FOUND', `The list "${listId}" has no active version to screen against.`);
  const tasks = pendingRescreens(db);
  const before = tasks.find((t) => t.listId === listId);
  const task: RescreenTask = {
    listId,
    versionId: version.id,
    version: version.version,
    sinceVersionId: before ? Math.min(before.sinceVersionId, version.id) : version.id,
    full: options.full || (before?.full ?? false),
    reason: before && before.versionId !== version.id ? `${before.reason}; ${options.reason}` : options.reason,
    requestedBy: options.by,
    requestedAt: options.at,
    cursor: null,
    done: 0,
    newHits: before?.newHits ?? 0,
    rescored: before?.rescored ?? 0,
  };
  savePending(db, [...tasks.filter((t) => t.listId !== listId), task]);
  return task;
}

/** A counterparty of a customer's monitored transactions, screened as a deposit sender is. */
export interface CounterpartySubject extends AddressSubject {
  readonly customerId: string;
  /** How the console knows the address, in the hit event's words. */
  readonly role: 'deposit sender' | 'withdrawal destination';
}

type Subject = { readonly key: string; readonly person?: PersonSubject; readonly address?: AddressSubject; readonly counterparty?: CounterpartySubject };

/**
 * Every subject of a re-screen in key order: the customers, owners and known addresses of
 * `KycService.rescreenSubjects`, and the monitored counterparties of customers with a KYC file that
 * are not already among those addresses (a sender that is also a linked wallet is screened once).
 */
export function rescreenSubjectList(kyc: KycService, db: ReadableDB): { subjects: Subject[]; counterparties: number } {
  const base = kyc.rescreenSubjects(db);
  const known = new Set(base.addresses.map((a) => a.subjectId));
  const customers = new Set(base.people.flatMap((p) => (p.subjectType === 'customer' ? [p.customerId] : [])));
  const counterparties = new Map<string, CounterpartySubject & { key: string }>();
  for (const c of monitoredCounterparties(db)) {
    if (!customers.has(c.customerId)) continue;
    const subjectId = addressSubjectId(c.customerId, c.chain, c.address);
    if (known.has(subjectId)) continue;
    const before = counterparties.get(subjectId);
    // The same address both sent and received: it is a deposit sender (what the console saw first hand).
    if (before && (before.role === 'deposit sender' || c.direction === 'withdrawal')) continue;
    counterparties.set(subjectId, { key: `a:${subjectId}`, subjectId, customerId: c.customerId, chain: c.chain, address: c.address, role: c.direction === 'deposit' ? 'deposit sender' : 'withdrawal destination' });
  }
  const subjects: Subject[] = [
    ...base.people.map((p) => ({ key: p.key, person: p })),
    ...base.addresses.map((a) => ({ key: a.key, address: a })),
    ...[...counterparties.values()].map((c) => ({ key: c.key, counterparty: c })),
  ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { subjects, counterparties: counterparties.size };
}

/**
 * Screen monitored counterparties against (part of) a list version, in the caller's transaction,
 * recorded as a deposit sender's hit is at deposit time; each customer with a new hit is re-scored
 * when that changes its score. Idempotent like the rest of the re-screen (the list's HitBook).
 */
export function screenCounterparties(kyc: KycService, db: WritableDB, loaded: LoadedList, subjects: readonly CounterpartySubject[], by: string, trigger: string, at: string): { newHits: number; rescored: number } {
  if (subjects.length === 0 || loaded.addresses.size === 0) return { newHits: 0, rescored: 0 };
  const outcome = kyc.screening.screen(db, [loaded], [], subjects, kyc.screening.listBook(db), by);
  const role = new Map(subjects.map((s) => [s.subjectId, s.role]));
  const affected = new Set<string>();
  for (const hit of outcome.raised) {
    if (!hit.customerId) continue;
    affected.add(hit.customerId);
    const detail = { hitId: hit.id, listId: hit.listId, entryId: hit.entryId, score: hit.score, subject: `${role.get(hit.subjectId) ?? 'deposit sender'} ${hit.subjectName}`, listVersion: loaded.version.version };
    insertEvent(db, { customerId: hit.customerId, at, actor: by, kind: 'hit_raised', statusBefore: null, statusAfter: null, detail: canonicalJson(detail) });
  }
  let rescored = 0;
  for (const id of affected) if (kyc.rescoreIfChanged(db, id, trigger, by)) rescored++;
  return { newHits: outcome.raised.length, rescored };
}

/** Serialises access to the database between commands (the bus). */
export interface Exclusive {
  exclusive<T>(work: () => T | Promise<T>): Promise<T>;
}

export class RescreenRunner {
  #job: JobView | undefined;

  constructor(
    private readonly kyc: KycService,
    private readonly jobs: JobService,
    private readonly bus: Exclusive,
    private readonly db: () => WritableDB,
    private readonly clock: Clock,
    /** Subjects screened per slice (one transaction each). */
    private readonly slice: { readonly changed: number; readonly full: number } = { changed: 2_000, full: 250 },
  ) {}

  /** The running job, or the last one this process ran. */
  current(): JobView | undefined {
    return this.#job ? this.jobs.get(this.#job.id, this.#job.ownerId) : undefined;
  }

  /** Start a job when tasks are queued and none runs (after every commit; cheap when nothing is queued). */
  ensure(db: ReadableDB, ownerId: string): JobView | undefined {
    const running = this.current();
    if (running?.state === 'running') return running;
    if (pendingRescreens(db).length === 0) return undefined;
    this.#job = this.jobs.start('kyc.rescreen', ownerId, (progress) => this.run(progress));
    return this.#job;
  }

  private async run(progress: { report(done: number, total: number, step: string): void }): Promise<Record<string, unknown>> {
    const finished: RescreenResult[] = [];
    for (;;) {
      const task = await this.bus.exclusive(() => pendingRescreens(this.db())[0]);
      if (!task) break;
      const result = await this.runTask(task, progress);
      if (result) finished.push(result);
    }
    return { lists: finished.length, newHits: finished.reduce((n, r) => n + r.newHits, 0), rescored: finished.reduce((n, r) => n + r.rescored, 0), results: finished };
  }

  /** One task, slice by slice; undefined when it changed under us (it is picked up again, merged). */
  private async runTask(task: RescreenTask, progress: { report(done: number, total: number, step: string): void }): Promise<RescreenResult | undefined> {
    const prepared = await this.bus.exclusive(() => {
      const db = this.db();
      const whole = this.kyc.screening.loaded(db, task.listId);
      // The list has no active version (cannot happen today: a list is never emptied): drop the
      // task. It moved on to a version that did not queue (cannot happen either): follow it.
      if (!whole || whole.version.id !== task.versionId) {
        return inTransaction(db, () => {
          const rest = pendingRescreens(db).filter((t) => t.listId !== task.listId);
          savePending(db, whole ? [...rest, { ...task, versionId: whole.version.id, version: whole.version.version, cursor: null, done: 0 }] : rest);
          return undefined;
        });
      }
      const changed = task.full ? [] : entriesChangedSince(db, task.listId, task.sinceVersionId);
      const loaded = task.full || changed.length * 2 >= whole.entries.size ? whole : this.kyc.screening.changedPart(whole, changed);
      return { loaded, entriesScreened: loaded === whole ? whole.entries.size : changed.length, all: rescreenSubjectList(this.kyc, db).subjects };
    });
    if (!prepared) return undefined;
    const { loaded, all } = prepared;
    const total = all.length;
    let at = task.cursor === null ? 0 : all.findIndex((s) => s.key > task.cursor!);
    if (at < 0) at = total;
    const size = prepared.entriesScreened === loaded.entries.size ? this.slice.full : this.slice.changed;
    const trigger = `list_update:${task.listId}@${task.version}`;
    const step = (done: number) => `${task.listId} ${task.version}: ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} customers, owners and known addresses (linked wallets, deposit senders, withdrawal destinations)`;
    progress.report(at, total, step(at));
    for (;;) {
      const chunk = all.slice(at, at + size);
      const last = at + chunk.length >= total;
      const outcome = await this.bus.exclusive(() => {
        const db = this.db();
        return inTransaction(db, () => {
          const tasks = pendingRescreens(db);
          const now = tasks.find((t) => t.listId === task.listId);
          // Merged with a newer version or turned into a full re-screen meanwhile: start again.
          if (!now || now.versionId !== task.versionId || now.full !== task.full || now.sinceVersionId !== task.sinceVersionId) return 'changed' as const;
          const screened = this.kyc.screenSubjectsAgainst(db, loaded, chunk.flatMap((s) => (s.person ? [s.person] : [])), chunk.flatMap((s) => (s.address ? [s.address] : [])), task.requestedBy, trigger);
          const senders = screenCounterparties(this.kyc, db, loaded, chunk.flatMap((s) => (s.counterparty ? [s.counterparty] : [])), task.requestedBy, trigger, this.clock.now().toISOString());
          const next: RescreenTask = { ...now, cursor: chunk.length > 0 ? chunk[chunk.length - 1]!.key : now.cursor, done: at + chunk.length, newHits: now.newHits + screened.newHits + senders.newHits, rescored: now.rescored + screened.rescored + senders.rescored };
          if (!last) {
            savePending(db, tasks.map((t) => (t.listId === task.listId ? next : t)));
            return next;
          }
          const result: RescreenResult = { listId: task.listId, version: task.version, full: task.full, reason: task.reason, subjects: total, entriesScreened: prepared.entriesScreened, newHits: next.newHits, rescored: next.rescored, finishedAt: this.clock.now().toISOString() };
          savePending(db, tasks.filter((t) => t.listId !== task.listId));
          setMeta(db, LAST, JSON.stringify([result, ...lastRescreens(db).filter((r) => r.listId !== task.listId)]));
          return result;
        });
      });
      if (outcome === 'changed') return undefined;
      // Let commands and the window's polls in before the next slice.
      await new Promise((resolve) => setImmediate(resolve));
      at += chunk.length;
      progress.report(at, total, step(at));
      if (last) return outcome as RescreenResult;
    }
  }
}
