/**
 * Screening lists arriving in signed bundles from the online node, on a real console: the OFAC
 * address lists of September 2024 and November 2025 (between them OFAC delisted most Tornado Cash
 * addresses) as two versions of one list; every customer and known address re-screened, raising
 * only new hits; delisted entries stop hitting and keep their history; malformed and older list
 * updates refused with nothing changed; KYC submissions with their documents; and a withdrawal
 * request from the node for a customer without an approved file, blocked by the KYC gate.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import { itemFromBytes, jsonItem, type OutgoingItem } from '../../src-main/bundles/bundle.writer';
import type { OnlineNode } from '../../src-main/online-node/online-node';
import { ok, removeDataDir } from '../helpers/dev-data';
import { staffedConsole } from '../helpers/operators';
import { makeNode, NO_SECRETS, pinNode } from '../helpers/online-node';
import { individual, onboard, rescreened, tinyPdf, tinyPng } from '../helpers/kyc';

const SHARED = join(import.meta.dirname, '../../../shared/data/ofac-addresses');

/** One address list file (asset → addresses) from a directory of OFAC per-asset JSON files. */
function addressList(dir: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of readdirSync(dir).filter((n) => /^sanctioned_addresses_[A-Z0-9]+\.json$/.test(n)).sort()) {
    out[/^sanctioned_addresses_([A-Z0-9]+)\.json$/.exec(f)![1]!] = JSON.parse(readFileSync(join(dir, f), 'utf8')) as string[];
  }
  return out;
}

describe('screening lists by bundle', () => {
  let dir: string;
  let work: string;
  let core: Core;
  let node: OnlineNode;
  const who: Record<string, CallerContext> = {};
  const list2024 = addressList(join(SHARED, '0xB10C-2024-09-27'));
  const list2025 = addressList(SHARED);
  const eth2025 = new Set(list2025.ETH!.map((a) => a.toLowerCase()));
  const eth2024 = new Set(list2024.ETH!.map((a) => a.toLowerCase()));
  const delisted = list2024.ETH!.find((a) => !eth2025.has(a.toLowerCase()))!;
  const kept = list2024.ETH!.find((a) => eth2025.has(a.toLowerCase()))!;
  const added = list2025.ETH!.find((a) => !eth2024.has(a.toLowerCase()))!;

  let sequence = 0;
  /** A bundle the console will refuse: the node's sequence is put back, as a node does when its bundle is refused. */
  const bundle = async (items: readonly OutgoingItem[]) => {
    const state = join(work, 'node', 'node-state.json');
    const saved = readFileSync(state);
    const made = await node.createBundle(items, work, NO_SECRETS);
    writeFileSync(state, saved);
    return made.path;
  };
  const send = async (items: readonly OutgoingItem[]) => {
    const path = (await node.createBundle(items, work, NO_SECRETS)).path;
    const preview = await ok(core, 'bundles.preview', { source: { path } }, who.carl);
    if (!preview.bundle || !preview.acceptable) throw new Error(`refused: ${preview.refusal?.message ?? '?'}`);
    sequence++;
    const imported = await ok(core, 'bundles.import', { source: { path }, expectedBundleHash: preview.bundle.bundleHash }, who.carl);
    // A list update re-screens everyone in the background once the import has committed.
    await rescreened(core, who.aud!);
    return imported;
  };
  const listUpdate = (id: string, version: string, publishedAt: string, body: Buffer, contentType: 'application/json' | 'text/csv', format: 'address-list-json' | 'pep-csv' | 'ofac-sdn-csv', listId = 'ofac-addresses') => [
    itemFromBytes(`${id}-file`, 'attachment', contentType, body),
    jsonItem(`${id}-update`, 'sanctions-list-update', { listId, source: 'OFAC', version, publishedAt, format, attachmentId: `${id}-file` }),
  ];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'vl-kyc-lists-'));
    const staffed = await staffedConsole('KYC lists', [
      ['carl', ['custody_officer']],
      ['olga', ['compliance_officer']],
      ['aud', ['auditor']],
    ]);
    ({ dir, core } = staffed);
    Object.assign(who, staffed.who);
    const admin = staffed.admin;
    node = await makeNode(core, who.carl!, join(work, 'node'));
    await pinNode(core, admin, node);
    // Three customers with declared wallets: one delisted in 2025, one listed in both, one listed only in 2025.
    await onboard(core, who.olga!, 'C-1', individual({ legalName: 'Anna Delisted', walletAddresses: [{ chain: 'ethereum', address: delisted }] }));
    await onboard(core, who.olga!, 'C-2', individual({ legalName: 'Bert Kept', walletAddresses: [{ chain: 'ethereum', address: kept.toLowerCase() }] }));
    await onboard(core, who.olga!, 'C-3', individual({ legalName: 'Cleo Added', walletAddresses: [{ chain: 'ethereum', address: added }] }));
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
    rmSync(work, { recursive: true, force: true });
  });

  it('stores the 2024 OFAC address list as the first version and hits the declared wallets on it, in any case', async () => {
    const imported = await send(listUpdate('ofac-2024', '2024-09-27', '2024-09-27T00:35:00.000Z', Buffer.from(JSON.stringify(list2024)), 'application/json', 'address-list-json'));
    expect(imported).toMatchObject({ applied: 1, deferred: 1 });
    const lists = await ok(core, 'kyc.lists.list', {}, who.aud);
    expect(lists.lists[0]).toMatchObject({ id: 'ofac-addresses', kind: 'sanctions', active: { version: '2024-09-27', added: lists.lists[0]!.currentEntries, removed: 0, via: expect.stringMatching(/^bundle:/) as unknown } });
    const c1 = await ok(core, 'kyc.customers.get', { customerId: 'C-1' }, who.olga);
    expect(c1.hits).toEqual([expect.objectContaining({ subjectType: 'address', status: 'open', listVersion: '2024-09-27', score: 1 })]);
    expect(c1.gate).toMatchObject({ withdrawalsAllowed: false, detail: expect.stringMatching(/unresolved sanctions hit/) as unknown });
    expect((await ok(core, 'kyc.customers.get', { customerId: 'C-2' }, who.olga)).hits).toHaveLength(1);
    expect((await ok(core, 'kyc.customers.get', { customerId: 'C-3' }, who.olga)).hits).toHaveLength(0);
    expect(c1.history.map((e) => e.kind)).toContain('hit_raised');
    const adhoc = await ok(core, 'kyc.screen.address', { chain: 'ethereum', address: delisted.toUpperCase().replace(/^0X/, '0x') }, who.aud);
    expect(adhoc.hits).toHaveLength(1);
  });

  it('refuses a list update that is malformed, or not newer than the current version, and changes nothing', async () => {
    const before = await ok(core, 'kyc.lists.list', {}, who.aud);
    const malformed = await bundle(listUpdate('ofac-bad', '2025-01-01', '2025-01-01T00:00:00.000Z', Buffer.from('{"XBT": ["short"]'), 'application/json', 'address-list-json'));
    const p1 = await ok(core, 'bundles.preview', { source: { path: malformed } }, who.carl);
    expect(p1).toMatchObject({ acceptable: false, refusal: { code: 'BUNDLE_ITEM_INVALID', message: expect.stringMatching(/address-list-json file is malformed/) as unknown } });
    const older = await bundle(listUpdate('ofac-old', '2024-01-01', '2024-01-01T00:00:00.000Z', Buffer.from(JSON.stringify(list2024)), 'application/json', 'address-list-json'));
    const p2 = await ok(core, 'bundles.preview', { source: { path: older } }, who.carl);
    expect(p2.refusal?.message).toMatch(/is not newer than the current version 2024-09-27/);
    const refused = await ok(core, 'bundles.import', { source: { path: older }, expectedBundleHash: p2.bundle!.bundleHash }, who.carl).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(await ok(core, 'kyc.lists.list', {}, who.aud)).toEqual(before);
    expect((await ok(core, 'bundles.list', {}, who.carl)).bundles).toHaveLength(sequence);
  });

  it('takes the 2025 list as a new version: delisted entries keep their hits as history, only new matches raise hits', async () => {
    const c2before = await ok(core, 'kyc.customers.get', { customerId: 'C-2' }, who.olga);
    await ok(core, 'kyc.hits.resolve', { hitId: c2before.hits[0]!.id, resolution: 'true_match', reason: 'Customer admits the wallet is the listed one' }, who.olga);
    const imported = await send(listUpdate('ofac-2025', '2025-11-19', '2025-11-19T16:44:00.000Z', Buffer.from(JSON.stringify(list2025)), 'application/json', 'address-list-json'));
    expect(imported.applied).toBe(1);
    const lists = await ok(core, 'kyc.lists.list', {}, who.aud);
    const ofac = lists.lists[0]!;
    expect(ofac.versions.map((v) => [v.version, v.active])).toEqual([
      ['2025-11-19', true],
      ['2024-09-27', false],
    ]);
    expect(ofac.active!.removed).toBeGreaterThanOrEqual(90);

    const c1 = await ok(core, 'kyc.customers.get', { customerId: 'C-1' }, who.olga);
    expect(c1.hits).toEqual([expect.objectContaining({ status: 'open', listVersion: '2024-09-27', delistedAt: expect.any(String) as unknown })]);
    // A delisted entry no longer blocks: resolve the old hit and the file can be approved again.
    const c2 = await ok(core, 'kyc.customers.get', { customerId: 'C-2' }, who.olga);
    expect(c2.hits.map((h) => h.status)).toEqual(['true_match']);
    const c3 = await ok(core, 'kyc.customers.get', { customerId: 'C-3' }, who.olga);
    expect(c3.hits).toEqual([expect.objectContaining({ status: 'open', listVersion: '2025-11-19', subjectName: added })]);
    expect(c3.history.find((e) => e.kind === 'hit_raised')!.detail).toMatchObject({ listVersion: '2025-11-19' });
    expect(c3.assessments[0]!.trigger).toBe('list_update:ofac-addresses@2025-11-19');
    expect((await ok(core, 'kyc.screen.address', { chain: 'ethereum', address: delisted }, who.aud)).hits).toHaveLength(0);
  });

  it('takes a PEP list and a KYC submission with its documents from one bundle, attachments in any order', async () => {
    const pep = Buffer.from('id,name,aliases,birthDate,country,position\nAT-1,Lukas Brenner,,,AT,Member of the National Council\n');
    const result = await send([
      itemFromBytes('zz-passport', 'attachment', 'application/pdf', tinyPdf('Lukas Brenner passport')),
      itemFromBytes('zz-selfie', 'attachment', 'image/png', tinyPng()),
      jsonItem('a-submission', 'kyc-submission', {
        submissionId: 'WEB-7',
        customerId: 'C-7',
        customerType: 'individual',
        submittedAt: '2026-03-30T10:00:00.000Z',
        profile: { legalName: 'Lukas Brenner', dateOfBirth: '1994-07-08', nationality: 'AT', residence: 'AT', idDocumentType: 'passport', idDocumentNumber: 'P7729105', idDocumentCountry: 'AT', idDocumentExpiresOn: '2033-02-28', addressLine: 'Mariahilfer Straße 88', addressCity: 'Wien', addressCountry: 'AT', expectedProducts: 'custody', expectedMonthlyVolumeUsd: 9000, sourceOfFunds: 'salary', consentDataProcessing: true, consentGivenAt: '2026-03-30T09:58:00.000Z' },
        documents: [
          { attachmentId: 'zz-passport', kind: 'passport' },
          { attachmentId: 'zz-selfie', kind: 'selfie' },
        ],
      }),
      ...listUpdate('pep', '2026-03', '2026-03-01T00:00:00.000Z', pep, 'text/csv', 'pep-csv', 'pep-at'),
    ]);
    expect(result.applied).toBe(2);
    const c7 = await ok(core, 'kyc.customers.get', { customerId: 'C-7' }, who.olga);
    expect(c7.customer).toMatchObject({ status: 'pending_review', source: 'bundle' });
    expect(c7.documents.map((d) => [d.kind, d.contentType])).toEqual([
      ['passport', 'application/pdf'],
      ['selfie', 'image/png'],
    ]);
    expect(c7.consents).toEqual([expect.objectContaining({ kind: 'data_processing', granted: true, source: expect.stringMatching(/^bundle:.*\/WEB-7$/) as unknown })]);
    // The submission ran before the PEP list arrived (id order), and the list's re-screen found her.
    expect(c7.hits).toEqual([expect.objectContaining({ listId: 'pep-at', listKind: 'pep', status: 'open', entryId: 'AT-1' })]);
  });

  it('reads the OFAC legacy CSV by bundle and finds a customer written the other way round, with the reasons', async () => {
    await onboard(core, who.olga!, 'C-20', individual({ legalName: 'Daniel Moreno', dateOfBirth: '1972-10-12', nationality: 'BZ', residence: 'BZ', idDocument: { type: 'passport', number: 'BZ0291622', issuingCountry: 'BZ', expiresOn: '2031-01-31' } }));
    const sdn = readFileSync(join(SHARED, '../ofac-sdn/watchman-tiny-2025-05/sdn.csv'));
    const imported = await send(listUpdate('ofac-csv', '2025-05', '2025-05-01T00:00:00.000Z', sdn, 'text/csv', 'ofac-sdn-csv', 'ofac-sdn'));
    expect(imported.applied).toBe(1);
    const c20 = await ok(core, 'kyc.customers.get', { customerId: 'C-20' }, who.olga);
    const hit = c20.hits.find((h) => h.listId === 'ofac-sdn' && h.entryId === '15102')!;
    expect(hit).toMatchObject({ status: 'open', subjectType: 'customer', entryName: expect.stringMatching(/MORENO/i) as unknown, programs: ['SDNTK'] });
    expect(hit.agreed.map((f) => f.feature)).toEqual(expect.arrayContaining(['birthDate']));
    expect(hit.score).toBeGreaterThan(0.9);
    expect(c20.gate.withdrawalsAllowed).toBe(false);
  });

  it('refuses a submission whose document is not a PDF, PNG or JPEG, and the whole bundle with it', async () => {
    const path = await bundle([
      itemFromBytes('doc-1', 'attachment', 'text/plain', Buffer.from('not a scan')),
      jsonItem('sub-8', 'kyc-submission', { submissionId: 'WEB-8', customerId: 'C-8', customerType: 'individual', submittedAt: '2026-03-30T10:00:00.000Z', profile: { legalName: 'Nora Test', dateOfBirth: '1990-01-01', nationality: 'DE', residence: 'DE', idDocumentType: 'passport', idDocumentNumber: 'C1234567', idDocumentCountry: 'DE', idDocumentExpiresOn: '2030-01-01', addressLine: 'Weg 1', addressCity: 'Köln', addressCountry: 'DE', expectedProducts: 'custody', expectedMonthlyVolumeUsd: 100, sourceOfFunds: 'salary' }, documents: [{ attachmentId: 'doc-1', kind: 'passport' }] }),
    ]);
    const preview = await ok(core, 'bundles.preview', { source: { path } }, who.carl);
    expect(preview).toMatchObject({ acceptable: false, refusal: { code: 'BUNDLE_ITEM_INVALID', message: expect.stringMatching(/documents.0 \(doc-1\).*PDF, PNG or JPEG; text\/plain is refused/) as unknown } });
    expect((await ok(core, 'kyc.customers.list', { search: 'C-8' }, who.aud)).total).toBe(0);
  });

  it('blocks a withdrawal request from the node for a customer whose file is pending review', async () => {
    await ok(core, 'custody.prices.set', { assetId: 'BTC', usdPerUnit: '60000', asOf: new Date().toISOString(), source: 'test' }, who.carl);
    await ok(core, 'custody.wallets.create', { assetId: 'BTC', role: 'hot', scheme: 'hsm', label: 'hot' }, who.carl);
    await send([jsonItem('wreq-7', 'withdrawal-request', { requestId: 'REQ-7', customerId: 'C-7', assetId: 'BTC', amount: '0.01', destination: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', feeCap: '0.0002', requestedAt: new Date().toISOString() })]);
    const [w] = (await ok(core, 'custody.withdrawals.list', { states: ['blocked'] }, who.carl)).withdrawals;
    expect(w).toMatchObject({ requestRef: 'REQ-7', customerId: 'C-7', rejectionReason: expect.stringMatching(/KYC: customer C-7's KYC file is pending review/) as unknown });
  });
});
