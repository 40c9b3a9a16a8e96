/**
 * KYC figures (issue 8): the re-screen of 100 000 customers (their beneficial owners, declared
 * wallets and the senders of their deposits) after a sanctions list update — the real OFAC SDN list
 * of 2025-11-19 as the current version, then an update that lists 25 new parties, changes 25 and
 * delists 25 — the way the console runs it: the import applies the delistings and queues the task
 * (`queueRescreen`), and the re-screen job (rescreen.job.ts `RescreenRunner`, slices through
 * `Bus.exclusive`, one transaction each, the cursor saved per slice) screens every subject against
 * the entries the update added or changed (their index scores with the whole version's token
 * weights; hits only for new matches); second, the same job against the whole list (a list's first
 * version, or `kyc.rescreen.start`). Timed from the job's start to its end. Both beside a baseline
 * measured in the same run: the same loop over the same people doing only an exact-name hash lookup
 * against the same list.
 *
 * Customers and their monitored deposits are written straight into the encrypted database (100 000
 * bus commands would measure the bus, not the re-screen). VAULTLINE_BENCH_CUSTOMERS scales it.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { initConsole, removeDataDir, unlockAndLogin } from '../test/helpers/dev-data';
import { inTransaction } from '../src-main/db/database';
import { insertCustomer } from '../src-main/db/kyc.repository';
import { KycService } from '../src-main/kyc/kyc.service';
import { lastRescreens, queueRescreen, RescreenRunner, rescreenSubjectList, type RescreenResult } from '../src-main/kyc/rescreen.job';
import { ScreeningService, queryDigest } from '../src-main/kyc/screening.service';
import { loadRiskConfig } from '../src-main/kyc/risk-config';
import { customerQuery, ownerQuery } from '../src-main/kyc/profile';
import type { ListReader } from '../src-main/kyc/list-reader';
import { NameIndex } from '../src-main/screening/name-index';
import { importOfacAdvancedXml } from '../src-main/screening/ofac-advanced.importer';
import type { ListEntry } from '../src-main/screening/screening.types';
import { SDN_ADVANCED_BZ2 } from '../src-main/screening/screening.testkit';
import { figure, type Figure } from './harness';
import { PeakMemory } from './memory';


/** mulberry32 (not for secrets): the same customers every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A mixed book: European, Arabic, Slavic, Persian, East Asian and other names, so that the SDN
// list's common tokens (Mohammad, Ali, Ivanov…) meet the customers as they would in real life.
const GIVEN = 'Anna Lukas Sofia Mateo Yuki Olivia Chen Fatima Noah Ivan Priya Jonas Lea Omar Hana Ahmed Maria Jose Wei Mohammad Ali Hassan Sergei Dmitri Olga Elena Pierre Marie Giulia Marco Hans Ingrid Lars Sven Kofi Amina Chinedu Aisha Reza Parisa Hyun Min Thanh Linh Carlos Lucia Diego Ana Jan Eva Piotr Katarzyna Mehmet Ayse Nikos Eleni Tomas Petra Rahul Anjali Tariq Layla Yusuf Zainab Viktor Natalia Andrei Irina Kenji Sakura Jin Mei Samuel Grace David Sarah'.split(' ');
const FAMILY = 'Schmidt Muller Garcia Rossi Tanaka Nowak Wang Haddad Dubois Petrov Sharma Berg Martin Aziz Kim Okafor Novak Silva Santos Ivanov Smirnov Kuznetsov Popov Sokolov Hosseini Rahimi Karimi Nguyen Tran Le Pham Park Lee Choi Chen Li Zhang Liu Yamamoto Suzuki Kowalski Wisniewski Yilmaz Kaya Demir Papadopoulos Horvath Kovacs Jensen Nielsen Hansen Johansson Andersson Lindqvist Virtanen Murphy Kelly OBrien Fernandez Lopez Gonzalez Perez Sanchez Romero Moreau Laurent Bernard Fischer Weber Wagner Becker Hoffmann Schulz Rahman Hussain Khan Ahmed Ali Mahmoud Ibrahim Mansour Nasser Saleh Abdullah Yousef Farouk Mensah Boateng Adeyemi Eze Mwangi Otieno Kamau Banda Phiri Dlamini'.split(' ');
const COUNTRIES = ['DE', 'FR', 'ES', 'IT', 'NL', 'AT', 'GB', 'US', 'AE', 'TR', 'IN', 'NG', 'KE', 'BR', 'JP', 'KR', 'VN', 'PL', 'RU', 'CN', 'EG', 'MA', 'PK', 'IR'];

export async function kycBenchmarks(): Promise<Figure[]> {
  const customers = Number(process.env.VAULTLINE_BENCH_CUSTOMERS ?? 100_000);
  const { dir, core } = await initConsole();
  try {
    await unlockAndLogin(core);
    const db = core.console.requireDb();
    const clock = core.clock;
    // The screening library's index and importer (what the console uses for OFAC XML).
    const reader: ListReader = async (r) => {
      const parts: Buffer[] = [];
      for await (const c of r.chunks) parts.push(Buffer.from(c));
      const bytes = Buffer.concat(parts);
      const read = await importOfacAdvancedXml([bytes], { listId: r.listId });
      return { entries: read.entries, sha256: read.sourceSha256, issued: read.issued, warnings: read.warnings };
    };
    const kyc = new KycService(clock, core.vault, new ScreeningService(clock, (entries) => new NameIndex(entries), reader), loadRiskConfig());

    // ── the book: individuals, 10 % entities with two owners each, one in 50 with a declared wallet ──
    process.stdout.write(`  writing ${customers} customers…\n`);
    const random = prng(20260408);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const at = clock.now().toISOString();
    const ownerRows: { id: string; customerId: string; legalName: string; dateOfBirth: string; nationality: string; residence: string }[] = [];
    await inTransaction(db, () => {
      const wallet = db.sqlite.prepare("INSERT INTO kyc_addresses (customer_id, chain, address, normalised, label, added_at) VALUES (?, 'ethereum', ?, ?, NULL, ?)");
      const owner = db.sqlite.prepare('INSERT INTO kyc_beneficial_owners (id, customer_id, legal_name, date_of_birth, nationality, residence, ownership_percent, control, added_at) VALUES (?, ?, ?, ?, ?, ?, 50, 0, ?)');
      for (let i = 0; i < customers; i++) {
        const entity = i % 10 === 9;
        const country = pick(COUNTRIES);
        const dob = `${1940 + Math.floor(random() * 65)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
        const name = entity ? `${pick(FAMILY)} ${pick(['Trading', 'Holdings', 'Logistics', 'Capital', 'Shipping'])} ${pick(['Ltd', 'GmbH', 'LLC', 'SA'])}` : `${pick(GIVEN)} ${pick(FAMILY)}`;
        const base = { type: entity ? ('entity' as const) : ('individual' as const), legalName: name, dateOfBirth: entity ? undefined : dob, nationality: entity ? undefined : country, residence: entity ? undefined : country, jurisdiction: entity ? country : undefined, address: { country } };
        insertCustomer(db, {
          id: `B-${String(i).padStart(6, '0')}`,
          type: base.type,
          status: 'approved',
          legalName: name,
          dateOfBirth: base.dateOfBirth ?? null,
          nationality: base.nationality ?? null,
          residence: base.residence ?? null,
          idDocumentType: entity ? null : 'passport',
          idDocumentNumber: entity ? null : `P${i}`,
          idDocumentCountry: entity ? null : country,
          idDocumentExpiresOn: entity ? null : '2032-01-01',
          registrationNumber: entity ? `REG-${i}` : null,
          jurisdiction: base.jurisdiction ?? null,
          incorporatedOn: entity ? '2010-01-01' : null,
          addressLine: `${i} Bench Street`,
          addressCity: 'Bench City',
          addressPostalCode: null,
          addressCountry: country,
          expectedProducts: '["custody"]',
          expectedMonthlyVolumeUsd: 5000,
          sourceOfFunds: 'salary',
          pepDeclared: false,
          eddSourceOfFunds: null,
          eddSourceOfWealth: null,
          profileDigest: queryDigest(customerQuery(base)),
          profileVersion: 1,
          riskScore: 8,
          riskLevel: 'low',
          cddLevel: 'simplified',
          nextReviewAt: '2029-01-01T00:00:00.000Z',
          reviewReason: 'periodic review',
          approvedAt: at,
          approvedBy: 'bench',
          source: 'console',
          createdAt: at,
          createdBy: 'bench',
          updatedAt: at,
        });
        if (i % 50 === 0) {
          const address = `0x${Array.from({ length: 40 }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('')}`;
          wallet.run(`B-${String(i).padStart(6, '0')}`, address, address, at);
        }
        if (entity) {
          for (const n of [0, 1]) {
            const o = { id: `bo-${i}-${n}`, customerId: `B-${String(i).padStart(6, '0')}`, legalName: `${pick(GIVEN)} ${pick(FAMILY)}`, dateOfBirth: dob, nationality: pick(COUNTRIES), residence: country };
            owner.run(o.id, o.customerId, o.legalName, o.dateOfBirth, o.nationality, o.residence, at);
            ownerRows.push(o);
          }
        }
      }
    });

    // ── version 1: the OFAC SDN list as published; version 2: 25 listed, 25 changed, 25 delisted ──
    const bz2 = readFileSync(SDN_ADVANCED_BZ2);
    process.stdout.write('  importing the OFAC SDN list (2025-11-19)…\n');
    await inTransaction(db, () => kyc.screening.importVersion(db, { listId: 'ofac-sdn', kind: 'sanctions', name: 'OFAC SDN', format: 'ofac-sdn-advanced-xml', version: '2025-11-19', publishedAt: '2025-11-19T00:00:00.000Z', source: 'OFAC', chunks: Readable.from([bz2]), importedBy: 'bench', via: 'bench' }));
    const current = [...kyc.screening.loaded(db, 'ofac-sdn')!.entries.values()].map((e) => e.entry);

    // ── monitored deposits: one customer in 10 with two deposits from senders; one sender in 500 is on the SDN list ──
    const listedBtc = [...kyc.screening.loaded(db, 'ofac-sdn')!.addresses.keys()].filter((k) => k.startsWith('bitcoin:')).map((k) => k.slice('bitcoin:'.length));
    const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
    await inTransaction(db, () => {
      const tx = db.sqlite.prepare(
        "INSERT INTO monitored_transactions (id, seq, at, direction, customer_id, asset_id, amount, usd_cents, counterparty_address, counterparty_country, counterparty_vasp, counterparty_pep, source_ref, recorded_at) VALUES (?, ?, ?, 'deposit', ?, 'BTC', '100000', '6000', ?, NULL, NULL, 0, ?, ?)",
      );
      let seq = 0;
      for (let i = 0; i < customers; i += 10) {
        for (const n of [0, 1]) {
          seq++;
          const sender = seq % 500 === 0 && listedBtc.length > 0 ? listedBtc[seq % listedBtc.length]! : `bc1q${Array.from({ length: 38 }, () => BECH32[Math.floor(random() * 32)]).join('')}`;
          tx.run(`dep:bench-${seq}`, seq, at, `B-${String(i).padStart(6, '0')}`, sender, `${seq.toString(16).padStart(64, '0')}:${n}`, at);
        }
      }
    });
    const individuals = current.filter((e) => e.kind === 'individual');
    const next: ListEntry[] = current.slice(25);
    for (let i = 0; i < 25; i++) next[i * 7] = { ...next[i * 7]!, names: [...next[i * 7]!.names, { name: `${pick(GIVEN)} ${pick(FAMILY)}`, primary: false, quality: 'strong' }] };
    for (let i = 0; i < 25; i++) next.push({ ...individuals[i]!, entryId: `BENCH-${i}`, names: [{ name: `${pick(GIVEN)} ${pick(FAMILY)}`, primary: true, quality: 'strong' }] });
    const v2Reader: ListReader = async () => Promise.resolve({ entries: next, sha256: 'f'.repeat(64), issued: undefined, warnings: [] });
    const v2kyc = new KycService(clock, core.vault, new ScreeningService(clock, (entries) => new NameIndex(entries), v2Reader), loadRiskConfig());
    let t = performance.now();
    // As the import command does: store the version, mark hits on delisted entries, queue the re-screen — one transaction.
    const { v2, delisted } = await inTransaction(db, () => {
      const v = v2kyc.screening.importVersion(db, { listId: 'ofac-sdn', format: 'ofac-sdn-advanced-xml', version: 'bench-update', publishedAt: '2025-11-20T00:00:00.000Z', source: 'bench', chunks: Readable.from([Buffer.from('x')]), importedBy: 'bench', via: 'bench' });
      return v.then((version) => ({ v2: version, delisted: v2kyc.applyDelistings(db, 'ofac-sdn', version, 'bench') }));
    });
    const importMs = performance.now() - t;

    // ── the measured re-screens: the job, against what the update changed (the console's way), then against the whole list ──
    const runner = new RescreenRunner(v2kyc, core.jobs, core.bus, () => db, clock);
    const runJob = async (full: boolean): Promise<{ ms: number; result: RescreenResult }> => {
      await inTransaction(db, () => queueRescreen(db, 'ofac-sdn', { full, reason: full ? 'bench: the whole list' : 'bench: list update', by: 'bench', at: clock.now().toISOString() }));
      const started = performance.now();
      const job = runner.ensure(db, 'bench');
      if (!job) throw new Error('the re-screen job did not start');
      for (;;) {
        const now = core.jobs.get(job.id, 'bench');
        if (now.state === 'failed') throw new Error(`the re-screen job failed: ${JSON.stringify(now.error)}`);
        if (now.state === 'done') break;
        await new Promise((r) => setTimeout(r, 5));
      }
      const ms = performance.now() - started;
      return { ms, result: lastRescreens(db).find((r) => r.listId === 'ofac-sdn')! };
    };
    process.stdout.write('  re-screen job against the changed entries…\n');
    const memory = new PeakMemory();
    const changedRun = await runJob(false);
    const rescreenMs = changedRun.ms;
    const stats = changedRun.result;
    process.stdout.write('  re-screen job against the whole list…\n');
    const fullRun = await runJob(true);
    const fullMs = fullRun.ms;
    const full = fullRun.result;
    const counted = rescreenSubjectList(v2kyc, db);
    const owners = counted.subjects.filter((s) => s.person?.subjectType === 'owner').length;
    const addresses = counted.subjects.filter((s) => s.address || s.counterparty).length;

    // ── baseline: the same subjects, only an exact normalised-name lookup in a hash of the list's names ──
    const normal = (s: string): string => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
    const names = new Map<string, string>();
    for (const e of next) for (const n of e.names) names.set(normal(n.name), e.entryId);
    t = performance.now();
    const subjects = db.sqlite.prepare<[], { legalName: string }>('SELECT legal_name AS legalName FROM kyc_customers').all();
    let exact = 0;
    for (const s of subjects) if (names.has(normal(s.legalName))) exact++;
    for (const o of ownerRows) if (names.has(normal(ownerQuery(o).name))) exact++;
    const baselineMs = performance.now() - t;
    const subjectCount = stats.subjects;

    return [
      figure(`KYC re-screen job of ${customers.toLocaleString('en')} customers after a list update (OFAC SDN 2025-11-19 + ${v2.added.length} listed, ${v2.changed.length} changed, ${v2.removed.length} delisted)`, 'ms', rescreenMs, 'same people, exact-name hash lookups only', baselineMs, 'lower', {
        subjects: stats.subjects,
        customers,
        owners,
        addresses,
        depositSenders: counted.counterparties,
        entriesScreened: stats.entriesScreened,
        newHits: stats.newHits,
        delistedHits: delisted.delistedHits,
        rescored: stats.rescored + delisted.rescored,
        perSubjectMicros: Math.round((rescreenMs * 1000) / subjectCount),
        versionStoredAndIndexedMs: Math.round(importMs),
        peakRssMiB: Math.round(memory.peakMiB),
      }),
      figure(`KYC re-screen job of ${customers.toLocaleString('en')} customers against the whole list (${next.length} entries: a first version, or kyc.rescreen.start)`, 'ms', fullMs, 'same people, exact-name hash lookups only', baselineMs, 'lower', {
        entriesScreened: full.entriesScreened,
        newHits: full.newHits,
        perSubjectMicros: Math.round((fullMs * 1000) / subjectCount),
        exactNameHits: exact,
        peakRssMiB: Math.round(memory.peakMiB),
      }),
    ];
  } finally {
    await core.close();
    removeDataDir(dir);
  }
}
