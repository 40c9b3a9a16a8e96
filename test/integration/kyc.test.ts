/**
 * KYC files on a real console (SoftHSM2 tokens, encrypted database): profiles validated with every
 * field at fault and nothing written on refusal; documents sealed in the vault and read back with
 * the access logged; screening hits resolved as false positives that stay resolved until the list
 * entry or the customer changes; enhanced due diligence only by a compliance officer; and the
 * withdrawal gate for unapproved and overdue customers.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as bitcoin from 'bitcoinjs-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import { ManualClock } from '../../src-main/platform/clock';
import { fakePrevTx } from '../../src-main/chains/bitcoin/bitcoin.testkit';
import { call, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import { passphraseOf, staffedConsole } from '../helpers/operators';
import { entity, individual, onboard, rescreened, tinyPdf, tinyPng } from '../helpers/kyc';

const OUTSIDE_BTC = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const tx = (n: number): string => n.toString(16).padStart(64, '0');

describe('KYC files', () => {
  let dir: string;
  let work: string;
  let core: Core;
  let clock: ManualClock;
  const who: Record<string, CallerContext> = {};
  const as = (name: string) => who[name]!;
  const pins: Record<string, string> = {};
  /** Moving the clock far ends every session: sign everyone in again. */
  const travel = async (to: string) => {
    clock.set(new Date(to));
    for (const name of Object.keys(pins)) who[name] = await unlockAndLogin(core, { username: name, passphrase: passphraseOf(name), tokenPin: pins[name]! });
  };

  /** A sanctions list of names, imported from a file as the CLI does. */
  const importList = async (listId: string, version: string, publishedAt: string, rows: string[], kind: 'sanctions' | 'pep' = 'sanctions') => {
    const path = join(work, `${listId}-${version}.csv`);
    writeFileSync(path, ['id,name,aliases,birthDate,country,position', ...rows].join('\n'));
    // A low threshold: these tests are about what happens to hits, whatever the name matcher scores.
    const imported = await call(core, 'kyc.lists.import', { path, listId, format: 'pep-csv', version, publishedAt, source: 'test list office', kind, threshold: 0.7 }, as('olga'));
    // Everyone is re-screened in the background after the import: wait for it.
    const status = await rescreened(core, as('aud'));
    return { imported, rescreen: status.last.find((r) => r.listId === listId) };
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'vl-kyc-'));
    clock = new ManualClock('2026-04-01T09:00:00.000Z');
    const staffed = await staffedConsole('KYC test', [
      ['anna', ['compliance_analyst']],
      ['olga', ['compliance_officer']],
      ['aud', ['auditor']],
      ['carl', ['custody_officer']],
      ['cora', ['custody_officer']],
    ], { clock });
    ({ dir, core } = staffed);
    Object.assign(who, staffed.who);
    Object.assign(pins, staffed.pins);
    const imported = await importList('test-sanctions', '2026-03-01', '2026-03-01T00:00:00.000Z', [
      'SDN-1,Viktor Aleksandrovich Drozdov,Viktor Drozdov,1961-07-12,RU,',
      'SDN-2,Karakum Shipping LLC,,,TM,',
      'SDN-3,Marek Lindberg,,1950,PL,',
    ]);
    if (!imported.imported.ok) throw new Error(imported.imported.error.message);
    const pep = await importList('pep-test', '2026-03-01', '2026-03-01T00:00:00.000Z', ['PEP-1,Henrike Vogt,,1971-02-03,DE,Member of the Bundestag'], 'pep');
    if (!pep.imported.ok) throw new Error(pep.imported.error.message);
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
    rmSync(work, { recursive: true, force: true });
  });

  describe('profiles', () => {
    it('opens a file for a ledger customer: validated, screened, scored, pending review', async () => {
      const file = await ok(core, 'kyc.customers.create', { customerId: 'C-100', profile: individual() }, as('anna'));
      expect(file.customer).toMatchObject({ id: 'C-100', status: 'pending_review', riskLevel: 'low', cddLevel: 'simplified', country: 'DE', source: 'console', openHits: 0 });
      expect(file.risk!.factors.map((f) => f.factor)).toContain('country');
      expect(file.risk!.configVersion).toBe(1);
      expect(file.history.map((e) => e.kind)).toEqual(['created']);
      expect(file.gate).toMatchObject({ withdrawalsAllowed: false, detail: expect.stringMatching(/pending review/) as unknown });
    });

    it('refuses missing fields, impossible dates, unknown countries and stray fields, naming each, and writes nothing', async () => {
      const bad = await call(core, 'kyc.customers.create', { customerId: 'C-101', profile: individual({ dateOfBirth: '1990-02-30', nationality: 'XX', idDocument: undefined, registrationNumber: 'HRB 1' }) }, as('anna'));
      expect(bad.ok).toBe(false);
      if (bad.ok) return;
      expect(bad.error.code).toBe('VALIDATION');
      expect(bad.error.issues!.map((i) => i.path).sort()).toEqual(['profile.dateOfBirth', 'profile.idDocument', 'profile.nationality', 'profile.registrationNumber']);
      expect(bad.error.issues!.find((i) => i.path === 'profile.dateOfBirth')!.message).toMatch(/1990-02-30 is not a real date/);
      expect(bad.error.message).toMatch(/Nothing was changed/);
      const future = await call(core, 'kyc.customers.create', { customerId: 'C-101', profile: individual({ dateOfBirth: '2030-01-01' }) }, as('anna'));
      expect(!future.ok && future.error.issues![0]).toMatchObject({ path: 'profile.dateOfBirth', message: expect.stringMatching(/in the future/) as unknown });
      const shape = await call(core, 'kyc.customers.create', { customerId: 'C-101', profile: { ...individual(), legalName: '' } }, as('anna'));
      expect(!shape.ok && shape.error).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'profile.legalName' }] });
      const product = await call(core, 'kyc.customers.create', { customerId: 'C-101', profile: individual({ expectedProducts: ['lending'] }) }, as('anna'));
      expect(!product.ok && product.error.issues![0]!.message).toMatch(/unknown product "lending"/);
      const owners = await call(core, 'kyc.customers.create', { customerId: 'C-101', profile: entity({ beneficialOwners: [{ legalName: 'Small Holder', dateOfBirth: '1980-01-01', nationality: 'DE', residence: 'DE', ownershipPercent: 10 }] }) }, as('anna'));
      expect(!owners.ok && owners.error.issues![0]).toMatchObject({ path: 'profile.beneficialOwners.0.ownershipPercent', message: expect.stringMatching(/at least 25 %/) as unknown });
      expect((await call(core, 'kyc.customers.get', { customerId: 'C-101' }, as('anna'))).ok).toBe(false);
      expect((await ok(core, 'kyc.customers.list', { search: 'C-101' }, as('aud'))).total).toBe(0);
    });

    it('keeps auditors and custody officers to reading', async () => {
      const denied = await call(core, 'kyc.customers.create', { customerId: 'C-102', profile: individual() }, as('aud'));
      expect(!denied.ok && denied.error.code).toBe('FORBIDDEN');
      expect(!(await call(core, 'kyc.customers.get', { customerId: 'C-100' }, as('carl'))).ok).toBe(true);
      const status = await ok(core, 'kyc.customers.status', { customerIds: ['C-100', 'C-404'] }, as('carl'));
      expect(status.statuses).toEqual([
        expect.objectContaining({ customerId: 'C-100', known: true, status: 'pending_review', withdrawalsAllowed: false }),
        expect.objectContaining({ customerId: 'C-404', known: false, status: null, withdrawalsAllowed: false, detail: 'customer C-404 has no KYC file' }),
      ]);
    });
  });

  describe('documents', () => {
    it('seals a PDF or PNG in the vault and reads it back for the viewer, the read logged with its purpose', async () => {
      const pdf = tinyPdf('Maren Lindqvist passport');
      const added = await ok(core, 'kyc.documents.add', { customerId: 'C-100', kind: 'passport', fileName: 'passport.pdf', contentType: 'application/pdf', content: { base64: pdf.toString('base64') } }, as('anna'));
      expect(added.document).toMatchObject({ kind: 'passport', contentType: 'application/pdf', size: pdf.length, source: 'console', addedBy: 'operator:anna' });
      const pngPath = join(work, 'selfie.png');
      writeFileSync(pngPath, tinyPng());
      await ok(core, 'kyc.documents.add', { customerId: 'C-100', kind: 'selfie', fileName: 'selfie.png', contentType: 'image/png', content: { path: pngPath } }, as('anna'));
      const read = await ok(core, 'kyc.documents.read', { documentId: added.document.id, purpose: 'KYC review of C-100' }, as('aud'));
      expect(Buffer.from(read.contentBase64, 'base64').equals(pdf)).toBe(true);
      const access = await ok(core, 'vault.access.list', { recordId: added.document.recordId }, as('aud'));
      expect(access.access[0]).toMatchObject({ operatorUsername: 'aud', purpose: 'KYC review of C-100', outcome: 'ok' });
      const file = await ok(core, 'kyc.customers.get', { customerId: 'C-100' }, as('anna'));
      expect(file.documents.map((d) => d.kind)).toEqual(['passport', 'selfie']);
      expect(file.assessments.map((a) => a.trigger)).toEqual(['document_added', 'document_added', 'created']);
    });

    it('refuses another type, a file that is not what it says, and one over 25 MB, changing nothing', async () => {
      const before = (await ok(core, 'kyc.customers.get', { customerId: 'C-100' }, as('anna'))).documents.length;
      const html = await call(core, 'kyc.documents.add', { customerId: 'C-100', kind: 'other', fileName: 'x.html', contentType: 'text/html', content: { base64: Buffer.from('<html>').toString('base64') } }, as('anna'));
      expect(!html.ok && html.error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/PDF, PNG or JPEG; text\/html is refused/) as unknown });
      const fake = await call(core, 'kyc.documents.add', { customerId: 'C-100', kind: 'passport', fileName: 'x.pdf', contentType: 'application/pdf', content: { base64: Buffer.from('MZ\x90\x00 not a pdf').toString('base64') } }, as('anna'));
      expect(!fake.ok && fake.error.message).toMatch(/not a PDF file/);
      const big = join(work, 'big.pdf');
      writeFileSync(big, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(25 * 1024 * 1024)]));
      const tooBig = await call(core, 'kyc.documents.add', { customerId: 'C-100', kind: 'passport', fileName: 'big.pdf', contentType: 'application/pdf', content: { path: big } }, as('anna'));
      expect(!tooBig.ok && tooBig.error.message).toMatch(/at most 25 MB/);
      expect((await ok(core, 'kyc.customers.get', { customerId: 'C-100' }, as('anna'))).documents).toHaveLength(before);
    });
  });

  describe('screening hits', () => {
    let hitId: string;

    it('raises a hit with its explanation, and refuses approval while it is open', async () => {
      const file = await ok(core, 'kyc.customers.create', { customerId: 'C-200', profile: individual({ legalName: 'Viktor Drozdov', dateOfBirth: '1988-03-02', nationality: 'DE', residence: 'DE' }) }, as('anna'));
      const hit = file.hits.find((h) => h.entryId === 'SDN-1')!;
      expect(hit).toMatchObject({ status: 'open', listId: 'test-sanctions', listKind: 'sanctions', subjectType: 'customer', subjectName: 'Viktor Drozdov' });
      expect(hit.agreed.length).toBeGreaterThan(0);
      expect(hit.penalised.map((f) => f.feature)).toContain('birthDate');
      hitId = hit.id;
      await ok(core, 'kyc.documents.add', { customerId: 'C-200', kind: 'passport', fileName: 'p.pdf', contentType: 'application/pdf', content: { base64: tinyPdf().toString('base64') } }, as('anna'));
      expect(file.risk!.factors.find((f) => f.factor === 'sanctions')).toMatchObject({ input: 'possible' });
      const refused = await call(core, 'kyc.customers.approve', { customerId: 'C-200' }, as('anna'));
      expect(!refused.ok && refused.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/1 open screening hit/) as unknown });
    });

    it('remembers a false positive: not raised again until the list entry or the customer changes', async () => {
      const short = await call(core, 'kyc.hits.resolve', { hitId, resolution: 'false_positive', reason: 'short' }, as('anna'));
      expect(!short.ok && short.error.issues![0]!.path).toBe('reason');
      const resolved = await ok(core, 'kyc.hits.resolve', { hitId, resolution: 'false_positive', reason: 'Different person: born 1988 in Germany, the listed Drozdov was born 1961 in Russia' }, as('anna'));
      expect(resolved.hit).toMatchObject({ status: 'false_positive', resolvedBy: 'operator:anna' });
      expect(resolved.customer).toMatchObject({ openHits: 0 });
      const again = await call(core, 'kyc.hits.resolve', { hitId, resolution: 'true_match', reason: 'changing my mind about it' }, as('olga'));
      expect(!again.ok && again.error.code).toBe('CONFLICT');

      // A new list version with the same entry unchanged (another entry added): the false positive holds.
      const v2 = await importList('test-sanctions', '2026-03-15', '2026-03-15T00:00:00.000Z', [
        'SDN-1,Viktor Aleksandrovich Drozdov,Viktor Drozdov,1961-07-12,RU,',
        'SDN-2,Karakum Shipping LLC,,,TM,',
        'SDN-3,Marek Lindberg,,1950,PL,',
        'SDN-4,Orlan Bekmukhambetov,,1970,KZ,',
      ]);
      expect(v2.imported.ok && v2.rescreen).toMatchObject({ version: '2026-03-15', newHits: 0 });
      expect((await ok(core, 'kyc.customers.get', { customerId: 'C-200' }, as('anna'))).hits.filter((h) => h.status === 'open')).toHaveLength(0);

      // The customer changes something screening reads: raised again.
      const profile = (await ok(core, 'kyc.customers.get', { customerId: 'C-200' }, as('anna'))).customer.profile;
      const updated = await ok(core, 'kyc.customers.update', { customerId: 'C-200', profile: { ...profile, residence: 'AT' }, reason: 'Customer moved to Vienna (new proof of address)' }, as('anna'));
      const reraised = updated.hits.filter((h) => h.entryId === 'SDN-1');
      expect(reraised.map((h) => h.status)).toEqual(['open', 'false_positive']);
      await ok(core, 'kyc.hits.resolve', { hitId: reraised[0]!.id, resolution: 'false_positive', reason: 'Still a different person after the move to Austria' }, as('anna'));

      // The list entry changes (a new alias): raised again.
      const v3 = await importList('test-sanctions', '2026-04-01', '2026-03-31T00:00:00.000Z', [
        'SDN-1,Viktor Aleksandrovich Drozdov,Viktor Drozdov;Wiktor Drosdow,1961-07-12,RU,',
        'SDN-2,Karakum Shipping LLC,,,TM,',
        'SDN-3,Marek Lindberg,,1950,PL,',
        'SDN-4,Orlan Bekmukhambetov,,1970,KZ,',
      ]);
      expect(v3.imported.ok && v3.imported.value).toMatchObject({ version: { added: 0, changed: 1, removed: 0 }, jobId: expect.stringMatching(/^job_/) as unknown });
      expect(v3.rescreen).toMatchObject({ version: '2026-04-01', newHits: 1, full: false, entriesScreened: 1 });
      const file = await ok(core, 'kyc.customers.get', { customerId: 'C-200' }, as('anna'));
      expect(file.hits.filter((h) => h.entryId === 'SDN-1').map((h) => h.status)).toEqual(['open', 'false_positive', 'false_positive']);
      expect(file.history.map((e) => e.kind)).toEqual(expect.arrayContaining(['hit_raised', 'hit_resolved', 'profile_updated']));
    });

    it('confirms a true match: risk forced HIGH, approval refused, withdrawals blocked', async () => {
      const file = await ok(core, 'kyc.customers.get', { customerId: 'C-200' }, as('anna'));
      const open = file.hits.find((h) => h.status === 'open')!;
      const confirmed = await ok(core, 'kyc.hits.resolve', { hitId: open.id, resolution: 'true_match', reason: 'Passport copy matches the listed person after all' }, as('olga'));
      expect(confirmed.customer).toMatchObject({ riskLevel: 'high' });
      const after = await ok(core, 'kyc.customers.get', { customerId: 'C-200' }, as('anna'));
      expect(after.risk).toMatchObject({ level: 'high', forcedBy: 'a confirmed sanctions match' });
      const refused = await call(core, 'kyc.customers.approve', { customerId: 'C-200', edd: { sourceOfFunds: 'irrelevant here entirely', sourceOfWealth: 'irrelevant here entirely' } }, as('olga'));
      expect(!refused.ok && refused.error.message).toMatch(/confirmed match on the sanctions list/);
      await ok(core, 'kyc.customers.reject', { customerId: 'C-200', reason: 'Confirmed sanctions match; relationship refused' }, as('olga'));
    });
  });

  describe('enhanced due diligence', () => {
    it('needs a compliance officer, and the sources of funds and wealth, for a PEP', async () => {
      await ok(core, 'kyc.customers.create', { customerId: 'C-300', profile: individual({ legalName: 'Ilse Brandt', pepDeclared: true }) }, as('anna'));
      await ok(core, 'kyc.documents.add', { customerId: 'C-300', kind: 'passport', fileName: 'p.pdf', contentType: 'application/pdf', content: { base64: tinyPdf().toString('base64') } }, as('anna'));
      const analyst = await call(core, 'kyc.customers.approve', { customerId: 'C-300' }, as('anna'));
      expect(!analyst.ok && analyst.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/declared politically exposed person.*only a compliance officer/) as unknown });
      const bare = await call(core, 'kyc.customers.approve', { customerId: 'C-300' }, as('olga'));
      expect(!bare.ok && bare.error.issues!.map((i) => i.path)).toEqual(['edd.sourceOfFunds', 'edd.sourceOfWealth']);
      const approved = await ok(core, 'kyc.customers.approve', { customerId: 'C-300', edd: { sourceOfFunds: 'Parliamentary salary and board fees, statements seen', sourceOfWealth: 'Inherited family property in Bavaria, notarial deed seen' } }, as('olga'));
      expect(approved.customer).toMatchObject({ status: 'approved', cddLevel: 'enhanced', approvedBy: 'operator:olga', eddSourceOfWealth: expect.stringMatching(/Bavaria/) as unknown });
      expect(approved.history[0]).toMatchObject({ kind: 'approved', statusBefore: 'pending_review', statusAfter: 'approved' });
    });

    it('screens and scores an entity’s beneficial owners: a PEP owner and a grey-list nationality need EDD', async () => {
      const file = await ok(core, 'kyc.customers.create', { customerId: 'C-310', profile: entity() }, as('anna'));
      expect(file.beneficialOwners.map((o) => o.legalName)).toEqual(['Henrike Vogt', 'Tarek Haddad']);
      const pepHit = file.hits.find((h) => h.listId === 'pep-test')!;
      expect(pepHit).toMatchObject({ subjectType: 'owner', subjectName: 'Henrike Vogt', status: 'open' });
      expect(file.edd.required).toBe(true);
      expect(file.risk!.eddReasons.join(' ')).toMatch(/owner Tarek Haddad nationality LB/);
      await ok(core, 'kyc.hits.resolve', { hitId: pepHit.id, resolution: 'true_match', reason: 'She is the member of parliament named on the PEP list' }, as('anna'));
      const after = await ok(core, 'kyc.customers.get', { customerId: 'C-310' }, as('anna'));
      expect(after.risk!.factors.find((f) => f.factor === 'pep')).toMatchObject({ input: 'confirmed', score: 100 });
    });
  });

  it('lists the queue by status and risk, in pages', async () => {
    const page1 = await ok(core, 'kyc.customers.list', { limit: 2 }, as('aud'));
    expect(page1.customers.map((c) => c.id)).toEqual(['C-100', 'C-200']);
    expect(page1.nextAfterId).toBe('C-200');
    const page2 = await ok(core, 'kyc.customers.list', { limit: 2, afterId: page1.nextAfterId! }, as('aud'));
    expect(page2.customers.map((c) => c.id)).toEqual(['C-300', 'C-310']);
    expect((await ok(core, 'kyc.customers.list', { status: ['rejected'] }, as('aud'))).customers.map((c) => c.id)).toEqual(['C-200']);
    expect((await ok(core, 'kyc.customers.list', { riskLevel: ['high'] }, as('aud'))).customers.map((c) => c.id)).toEqual(['C-200']);
    expect((await ok(core, 'kyc.customers.list', { search: 'brandt' }, as('aud'))).customers.map((c) => c.id)).toEqual(['C-300']);
  });

  describe('the withdrawal gate', () => {
    let walletId: string;

    beforeAll(async () => {
      await ok(core, 'custody.prices.set', { assetId: 'BTC', usdPerUnit: '60000', asOf: clock.now().toISOString(), source: 'test feed' }, as('carl'));
      walletId = (await ok(core, 'custody.wallets.create', { assetId: 'BTC', role: 'hot', scheme: 'hsm', label: 'BTC hot' }, as('carl'))).wallet.id;
      const deposit = (await ok(core, 'custody.addresses.new', { walletId, count: 1, customerId: 'C-400' }, as('carl'))).addresses[0]!.address;
      for (const [i, customerId] of ['C-400', 'C-100'].entries()) {
        await ok(core, 'ledger.deposits.record', { assetId: 'BTC', txid: tx(10 + i), outputIndex: 0, address: deposit, customerId, amount: '1', confirmations: 6 }, as('carl'));
      }
      const prev = fakePrevTx([{ amount: 200_000_000n, script: bitcoin.address.toOutputScript(deposit, bitcoin.networks.bitcoin) }], 'kyc-funding');
      await ok(core, 'custody.utxos.import', { utxos: [{ txid: bitcoin.Transaction.fromBuffer(Buffer.from(prev)).getId(), vout: 0, address: deposit, amount: '2', prevTxHex: Buffer.from(prev).toString('hex') }] }, as('carl'));
    });

    const withdraw = async (customerId?: string) => {
      // A valuation uses prices at most an hour old, and this test travels years.
      await ok(core, 'custody.prices.set', { assetId: 'BTC', usdPerUnit: '60000', asOf: clock.now().toISOString(), source: 'test feed' }, as('carl'));
      return ok(core, 'custody.withdrawals.create', { assetId: 'BTC', amount: '0.01', destination: OUTSIDE_BTC, feeCap: '0.0002', ...(customerId ? { customerId } : {}) }, as('carl'));
    };

    it('blocks a customer without an approved file, and lets treasury withdrawals through', async () => {
      const unknown = (await withdraw('C-400')).withdrawal;
      expect(unknown).toMatchObject({ state: 'blocked', rejectionReason: 'KYC: customer C-400 has no KYC file' });
      expect((await withdraw('C-100')).withdrawal.rejectionReason).toBe("KYC: customer C-100's KYC file is pending review: withdrawals wait for its approval");
      expect((await withdraw()).withdrawal.state).toBe('pending_approval');
    });

    it('opens the withdrawal once approved, and blocks it again once the review is overdue past the grace period', async () => {
      await onboard(core, as('olga'), 'C-400', individual({ legalName: 'Jonas Berg', nationality: 'DE', idDocument: { type: 'passport', number: 'C4X9911', issuingCountry: 'DE', expiresOn: '2036-01-31' } }));
      const approved = await ok(core, 'kyc.customers.get', { customerId: 'C-400' }, as('anna'));
      expect(approved.customer).toMatchObject({ status: 'approved', riskLevel: 'low', nextReviewAt: '2029-04-01T09:00:00.000Z' });
      expect((await withdraw('C-400')).withdrawal.state).toBe('pending_approval');

      await travel('2029-04-20T09:00:00.000Z');
      const due = await ok(core, 'kyc.reviews.due', {}, as('aud'));
      expect(due.reviews.find((r) => r.id === 'C-400')).toMatchObject({ overdueDays: 19, blocksWithdrawals: false });
      // (the ledger hold of the first withdrawal expired long ago; the velocity limits are per day)
      expect((await withdraw('C-400')).withdrawal.state).toBe('pending_approval');

      await travel('2029-05-02T09:00:00.000Z');
      const overdue = (await withdraw('C-400')).withdrawal;
      expect(overdue.state).toBe('blocked');
      expect(overdue.rejectionReason).toMatch(/KYC: customer C-400's KYC review was due on 2029-04-01 \(periodic review \(low risk: every 36 months\)\); the 30-day grace period ended on 2029-05-01/);
      expect((await ok(core, 'kyc.reviews.due', {}, as('aud'))).reviews.find((r) => r.id === 'C-400')).toMatchObject({ blocksWithdrawals: true });

      // The periodic review: approved again, the clock starts over.
      await ok(core, 'kyc.customers.approve', { customerId: 'C-400', note: 'Periodic review 2029: nothing changed' }, as('anna'));
      const open = (await withdraw('C-400')).withdrawal;
      expect(open.state).toBe('pending_approval');

      // The gate holds at approval too: a file sent back to review stops a withdrawal already open.
      const profile = individual({ legalName: 'Jonas Berg', nationality: 'DE', residence: 'AT', idDocument: { type: 'passport', number: 'C4X9911', issuingCountry: 'DE', expiresOn: '2036-01-31' } });
      await ok(core, 'kyc.customers.update', { customerId: 'C-400', profile, reason: 'Customer moved to Vienna (new proof of address)' }, as('anna'));
      const refused = await call(core, 'custody.withdrawals.approve', { id: open.id, tokenPin: pins.cora! }, as('cora'));
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/cannot be approved: customer C-400's KYC file is pending review/) as unknown } });
      expect((await ok(core, 'custody.withdrawals.get', { id: open.id }, as('aud'))).approvals).toHaveLength(0);
      await ok(core, 'kyc.customers.approve', { customerId: 'C-400', note: 'New address verified against the proof of address' }, as('anna'));
      expect((await ok(core, 'custody.withdrawals.approve', { id: open.id, tokenPin: pins.cora! }, as('cora'))).withdrawal.state).toBe('approved');
    });

    it('blocks a withdrawal request from the online node for an unapproved customer the same way', async () => {
      // Covered through custody.withdrawals.create here; test/integration/kyc-lists.test.ts imports requests by bundle.
      const list = await ok(core, 'custody.withdrawals.list', { states: ['blocked'] }, as('carl'));
      expect(list.withdrawals.filter((w) => w.rejectionReason?.startsWith('KYC:')).length).toBeGreaterThanOrEqual(3);
    });
  });

  it('keeps the audit chain valid through all of it', async () => {
    expect(await ok(core, 'audit.verify', {}, as('aud'))).toMatchObject({ valid: true });
  });
});
