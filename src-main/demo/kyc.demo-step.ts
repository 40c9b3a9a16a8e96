/**
 * Demo KYC, in two steps.
 *
 * `kycDemoStep` runs when the demo console opens (90 days ago), before the ledger: the OFAC SDN
 * list shipped in resources/ (2025-11-19) becomes the first screening list version, then
 * every ledger customer is onboarded through the bus — profile, an ID document sealed in the vault,
 * screening, risk, approval (an analyst; the compliance officer where enhanced due diligence
 * applies). Among them: a declared PEP, an entity with beneficial owners, a high-risk customer, a
 * customer whose wallet address is on the OFAC list (the hit confirmed, the file rejected), and
 * ID documents that expire soon or have expired (reviews due; one overdue past its grace period).
 *
 * `kycBundleDemoStep` runs after the online node is pinned: its bundle brings a PEP list update
 * (re-screening everyone: the declared PEP is confirmed on it) and a KYC submission from a new
 * customer whose name is also on the PEP list — a false positive left open in the review queue,
 * for a person to resolve and approve — and a declared PEP (C-0302, on the list: a true match)
 * whose photographed ID card (PNG) waits for enhanced due diligence by a compliance officer.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { PNG } from 'pngjs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { itemFromBytes, jsonItem } from '../bundles/bundle.writer';
import { NodeDir } from '../online-node/node-config';
import { OnlineNode, type NodeSecrets } from '../online-node/online-node';
import { systemClock } from '../platform/clock';
import { VaultlineError } from '../errors';
import type { CommandInput } from '../../src-shared/commands';
import eth from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_ETH.json';
import type { DemoInvoke, DemoStep } from './demo-step';
import { DEMO_CUSTOMERS, demoCustomerId } from './ledger.demo-step';
import { DEMO_RECORD_CUSTOMERS, demoCustomerName } from './vault.demo-step';

type Profile = CommandInput<'kyc.customers.create'>['profile'];

const DAY = 86_400_000;
const EU = ['DE', 'FR', 'ES', 'IT', 'NL', 'AT', 'IE', 'PT'];
const GREY = ['KE', 'VN', 'BG', 'MC'];
const FIRST = ['Aino', 'Bram', 'Carmen', 'Dario', 'Elin', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jakob', 'Klara', 'Luca', 'Mira', 'Nils', 'Olga', 'Pablo', 'Rosa', 'Simon', 'Tilde', 'Umberto', 'Vera', 'Wim', 'Xenia', 'Yara'];
const LAST = ['Andersen', 'Bakker', 'Costa', 'Dekker', 'Engel', 'Fischer', 'Gallo', 'Hansen', 'Iversen', 'Jansen', 'Keller', 'Lambert', 'Moreau', 'Nieminen', 'Olsen', 'Peeters', 'Quint', 'Ricci', 'Sousa', 'Thorsen', 'Urban', 'Visser', 'Weber', 'Yilmaz', 'Zeller'];

const SDN_FILE = join('resources', 'sanctions', 'ofac-sdn', 'sdn_advanced.xml.bz2');

/** A shipped resource file, found by walking up from this file (the source tree and the bundle sit at different depths). */
function findResource(relative: string, from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    if (dirname(dir) === dir) throw new VaultlineError('IO', `Cannot find ${relative} above ${from}.`);
  }
}

/** The OFAC-listed Ethereum address the demo customer C-0064 declared as theirs (2025-11-19 list). */
export const DEMO_SANCTIONED_WALLET = eth[4]!;
/** The new customer whose submission waits in the review queue with a false-positive PEP hit. */
export const DEMO_PENDING_CUSTOMER = 'C-0301';

/** The declared PEP whose submission needs enhanced due diligence (a compliance officer's approval). */
export const DEMO_EDD_CUSTOMER = 'C-0302';

/**
 * A photographed ID card as a PNG (pngjs), standing in for a phone picture of a document: a card
 * with a header band, a photo box and lines of "print", so that the viewer shows an image.
 */
function idCardPng(seed: string): Buffer {
  const width = 480;
  const height = 300;
  const png = new PNG({ width, height });
  const paint = (x0: number, y0: number, w: number, h: number, [r, g, b]: readonly [number, number, number]) => {
    for (let y = y0; y < Math.min(height, y0 + h); y++) {
      for (let x = x0; x < Math.min(width, x0 + w); x++) {
        const i = (y * width + x) * 4;
        png.data[i] = r;
        png.data[i + 1] = g;
        png.data[i + 2] = b;
        png.data[i + 3] = 255;
      }
    }
  };
  paint(0, 0, width, height, [226, 236, 246]);
  paint(0, 0, width, 46, [31, 73, 125]);
  paint(24, 70, 120, 150, [170, 178, 190]);
  paint(54, 96, 60, 60, [120, 128, 140]);
  // Lines of print whose lengths follow the holder's name, so each card differs.
  for (let line = 0; line < 6; line++) paint(170, 76 + line * 26, 120 + ((seed.charCodeAt(line % seed.length) * 7) % 160), 10, [40, 44, 52]);
  paint(24, 240, width - 48, 8, [40, 44, 52]);
  paint(24, 258, width - 48, 8, [40, 44, 52]);
  return PNG.sync.write(png);
}

/** A small well-formed PDF (ISO 32000-1), standing in for a scanned document. */
function scanPdf(title: string, lines: readonly string[]): Buffer {
  const text = [title, ...lines].map((l, i) => `BT /F1 ${i === 0 ? 14 : 11} Tf 40 ${260 - i * 22} Td (${l.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/[()\\]/g, '')}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 300] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** The ordinary demo customer i (0-based): names and dates as the vault's KYC files have them for the first ones. */
function ordinaryProfile(i: number, start: Date): Profile {
  const early = i < DEMO_RECORD_CUSTOMERS;
  const name = early ? demoCustomerName(i) : `${FIRST[i % FIRST.length]!} ${LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length]!}`;
  const country = EU[i % EU.length]!;
  const medium = i % 15 === 7;
  const nationality = medium ? GREY[i % GREY.length]! : country;
  return {
    type: 'individual',
    legalName: name,
    dateOfBirth: early ? `19${60 + (i % 35)}-0${1 + (i % 9)}-1${i % 10}` : `19${55 + (i % 45)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    nationality,
    residence: country,
    idDocument: { type: i % 4 === 0 ? 'id_card' : 'passport', number: `P${String(4_000_000 + i * 7919)}`, issuingCountry: nationality, expiresOn: `20${30 + (i % 8)}-06-30` },
    address: { line: `${10 + i} Harbour Street`, city: 'Port Town', postalCode: String(10_000 + i), country },
    expectedProducts: medium ? ['trading', 'external_transfers'] : i % 3 === 0 ? ['custody', 'trading'] : ['custody'],
    expectedMonthlyVolumeUsd: medium ? 250_000 : 2_000 + (i % 10) * 1_500,
    sourceOfFunds: ['salary', 'savings', 'business_income', 'investments'][i % 4]!,
    consents: [{ kind: 'data_processing', granted: true, givenAt: new Date(start.getTime() - 3_600_000).toISOString(), textVersion: 'privacy-2025-09' }],
  };
}

/** The special files (ledger customers 61–68), each showing one part of the review. */
function specialProfiles(start: Date): Map<number, { profile: Profile; why: string }> {
  const passport = (days: number, n: string): Profile['idDocument'] => ({ type: 'passport', number: n, issuingCountry: 'DE', expiresOn: isoDay(new Date(start.getTime() + days * DAY)) });
  const base = (name: string, extra: Partial<Profile>): Profile => ({
    type: 'individual',
    legalName: name,
    dateOfBirth: '1975-04-12',
    nationality: 'DE',
    residence: 'DE',
    idDocument: passport(3000, `C${name.length}88231`),
    address: { line: 'Lindenweg 7', city: 'Bonn', postalCode: '53113', country: 'DE' },
    expectedProducts: ['custody'],
    expectedMonthlyVolumeUsd: 8_000,
    sourceOfFunds: 'salary',
    ...extra,
  });
  return new Map([
    [60, { why: 'declared PEP (EDD by the compliance officer)', profile: base('Katrin Albrecht', { dateOfBirth: '1969-08-21', pepDeclared: true, expectedProducts: ['custody', 'trading'], expectedMonthlyVolumeUsd: 40_000 }) }],
    [
      61,
      {
        why: 'entity with beneficial owners (one with control, grey-list nationality: EDD)',
        profile: {
          type: 'entity',
          legalName: 'Hafenblick Logistik GmbH',
          registrationNumber: 'HRB 204511',
          jurisdiction: 'DE',
          incorporatedOn: '2016-03-01',
          address: { line: 'Am Sandtorkai 40', city: 'Hamburg', postalCode: '20457', country: 'DE' },
          expectedProducts: ['custody', 'trading'],
          expectedMonthlyVolumeUsd: 180_000,
          sourceOfFunds: 'business_income',
          beneficialOwners: [
            { legalName: 'Henrike Vogt', dateOfBirth: '1971-02-03', nationality: 'DE', residence: 'DE', ownershipPercent: 60 },
            { legalName: 'Tarek Haddad', dateOfBirth: '1979-11-21', nationality: 'LB', residence: 'DE', ownershipPercent: 10, control: true },
          ],
        },
      },
    ],
    [62, { why: 'high risk: FATF call-for-action nationality, OTC, large volume, former official', profile: base('Aung Kyaw Htet', { dateOfBirth: '1964-01-30', nationality: 'MM', residence: 'AE', idDocument: { type: 'passport', number: 'MA0418872', issuingCountry: 'MM', expiresOn: isoDay(new Date(start.getTime() + 2000 * DAY)) }, address: { line: 'Marina Walk 12', city: 'Dubai', country: 'AE' }, expectedProducts: ['otc', 'custody'], expectedMonthlyVolumeUsd: 1_500_000, sourceOfFunds: 'business_income', pepDeclared: true }) }],
    [63, { why: 'wallet address on the OFAC list (confirmed, rejected)', profile: base('Ruslan Ostrowski', { walletAddresses: [{ chain: 'ethereum', address: DEMO_SANCTIONED_WALLET, label: 'self-hosted wallet' }] }) }],
    [64, { why: 'grey-list entity (medium risk, EDD)', profile: { type: 'entity', legalName: 'Blue Lagoon Trading Ltd', registrationNumber: 'BVI 1984412', jurisdiction: 'VG', incorporatedOn: '2019-07-15', address: { line: 'Wickhams Cay II', city: 'Road Town', country: 'VG' }, expectedProducts: ['otc'], expectedMonthlyVolumeUsd: 400_000, sourceOfFunds: 'crypto_trading', beneficialOwners: [{ legalName: 'Marcus Hale', dateOfBirth: '1981-09-09', nationality: 'GB', residence: 'GB', ownershipPercent: 100 }] } }],
    [65, { why: 'passport expires in 12 days (review due)', profile: base('Fenja Lorenz', { idDocument: passport(102, 'C01F77120') }) }],
    [66, { why: 'passport expired 10 days ago (overdue, within the grace period)', profile: base('Mattis Kroll', { idDocument: passport(80, 'C01M44871') }) }],
    [67, { why: 'passport expired 45 days ago (overdue past the grace period: withdrawals blocked)', profile: base('Ylva Sturm', { idDocument: passport(45, 'C01Y90213') }) }],
  ]);
}

async function onboard(anil: DemoInvoke, maria: DemoInvoke, customerId: string, profile: Profile): Promise<{ status: string; risk: string | null }> {
  const kind = profile.type === 'entity' ? 'company_registration' : (profile.idDocument?.type ?? 'passport');
  const lines = profile.type === 'entity' ? [`${profile.legalName}`, `Register no. ${profile.registrationNumber ?? ''}`, `Jurisdiction ${profile.jurisdiction ?? ''}`] : [profile.legalName, `Born ${profile.dateOfBirth ?? ''}`, `Document ${profile.idDocument?.number ?? ''}, valid to ${profile.idDocument?.expiresOn ?? ''}`];
  const created = await anil('kyc.customers.create', { customerId, profile, documents: [{ kind, fileName: `${kind}-${customerId}.pdf`, contentType: 'application/pdf', content: { base64: scanPdf(kind.replace(/_/g, ' ').toUpperCase(), lines).toString('base64') } }] });
  // Name matches on the sanctions lists that a look at the file clears (different person).
  for (const hit of created.hits.filter((h) => h.status === 'open' && h.subjectType !== 'address')) {
    await anil('kyc.hits.resolve', { hitId: hit.id, resolution: 'false_positive', reason: `Different person: ${hit.subjectName}'s date of birth and nationality do not match the listed ${hit.entryName}` });
  }
  if (created.hits.some((h) => h.status === 'open' && h.subjectType === 'address')) return { status: 'pending_review', risk: created.customer.riskLevel };
  const file = created.edd.required
    ? await maria('kyc.customers.approve', { customerId, edd: { sourceOfFunds: 'Statements for the last twelve months reviewed; income matches the expected volume', sourceOfWealth: 'Wealth from career earnings and a property sale, evidenced by a notarial deed' } })
    : await anil('kyc.customers.approve', { customerId });
  return { status: file.customer.status, risk: file.customer.riskLevel };
}

export const kycDemoStep: DemoStep = {
  name: 'kyc',
  async run(ctx) {
    const anil = await ctx.as('anil.analyst');
    const maria = await ctx.as('maria.mlro');
    const start = ctx.now();
    // The full OFAC SDN list of 2025-11-19 shipped in resources/ (names, aliases, dates of birth,
    // countries, programmes and digital-currency addresses), checked against its published checksum.
    const sdn = findResource(SDN_FILE);
    await maria('kyc.lists.import', {
      path: sdn,
      listId: 'ofac-sdn',
      kind: 'sanctions',
      name: 'OFAC SDN list',
      format: 'ofac-sdn-advanced-xml',
      version: '2025-11-19',
      publishedAt: '2025-11-19T00:00:00.000Z',
      source: 'OFAC (resources/sanctions/ofac-sdn)',
      expectedSha256: readFileSync(join(dirname(sdn), 'sdn_advanced_checksum.txt'), 'utf8').trim().split(/\s+/).pop()!,
    });

    const specials = specialProfiles(start);
    const counts = new Map<string, number>();
    for (let i = 0; i < DEMO_CUSTOMERS; i++) {
      const special = specials.get(i);
      const profile = special?.profile ?? ordinaryProfile(i, start);
      const { status, risk } = await onboard(anil, maria, demoCustomerId(i), profile);
      counts.set(`${status}/${risk ?? '?'}`, (counts.get(`${status}/${risk ?? '?'}`) ?? 0) + 1);
    }
    // The customer whose wallet is on the OFAC list: the address hit is confirmed and the file rejected.
    const sanctioned = await maria('kyc.customers.get', { customerId: demoCustomerId(63) });
    const addressHit = sanctioned.hits.find((h) => h.subjectType === 'address' && h.status === 'open');
    if (!addressHit) throw new Error(`the demo customer ${demoCustomerId(63)} has no open hit for ${DEMO_SANCTIONED_WALLET}`);
    await maria('kyc.hits.resolve', { hitId: addressHit.id, resolution: 'true_match', reason: 'The customer declared this wallet as their own; it is on the OFAC SDN list' });
    await maria('kyc.customers.reject', { customerId: demoCustomerId(63), reason: 'Declared wallet is OFAC-sanctioned (confirmed); relationship refused and reported' });
    ctx.progress(`  ${DEMO_CUSTOMERS} KYC files: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}; ${demoCustomerId(63)} rejected (OFAC-listed wallet)`);
  },
};

const NO_SECRETS: NodeSecrets = {
  keyPassphrase: () => Promise.reject(new Error('the demo node key has no passphrase')),
  tokenPin: () => Promise.reject(new Error('the demo node has no token')),
};

/** A small PEP list, as a provider would publish it (the screening library's PEP CSV). */
const PEP_LIST = [
  'id,name,aliases,birthDate,country,position',
  'DE-BT-0193,Katrin Albrecht,,1969-08-21,DE,Member of the Bundestag',
  'AT-NR-0077,Lukas Brenner,,,AT,Member of the National Council',
  'FR-AN-0412,Élodie Marchand,Elodie Marchand,1972-11-02,FR,Member of the National Assembly',
  'ES-CD-0230,Javier Ortega Ruiz,,1966-05-19,ES,Member of the Congress of Deputies',
  'IT-SE-0118,Giulia Ferraro,,1960-01-27,IT,Senator',
  'NL-TK-0088,Pieter de Vries,,1978-09-30,NL,Member of the House of Representatives',
  'DE-LT-0311,Henrik Vogel,,1958-12-12,DE,State minister of finance (Hesse)',
  'MM-GV-0009,Aung Kyaw Htet,,1964-01-30,MM,Former deputy minister of commerce',
].join('\n');

export const kycBundleDemoStep: DemoStep = {
  name: 'kyc bundle',
  async run(ctx) {
    const node = new OnlineNode(new NodeDir(join(ctx.dataDir, 'online-node')), systemClock);
    const now = ctx.now().toISOString();
    const work = mkdtempSync(join(tmpdir(), 'vaultline-demo-kyc-bundle-'));
    try {
      const passport = scanPdf('PASSPORT', ['Lukas Brenner', 'Born 1994-07-08, Graz', 'Document P7729105, valid to 2033-02-28']);
      const proof = scanPdf('UTILITY BILL', ['Lukas Brenner', 'Mariahilfer Strasse 88, 1070 Wien', 'Energie Wien, March']);
      const made = await node.createBundle(
        [
          itemFromBytes('list-pep-2026-03', 'attachment', 'text/csv', Buffer.from(PEP_LIST, 'utf8')),
          jsonItem('list-update-pep-eu', 'sanctions-list-update', { listId: 'pep-eu', source: 'Demo PEP data provider', version: '2026-03', publishedAt: now, format: 'pep-csv', attachmentId: 'list-pep-2026-03' }),
          itemFromBytes('sub-0302-id-card', 'attachment', 'image/png', idCardPng('Elodie Marchand')),
          jsonItem('sub-kyc-0302', 'kyc-submission', {
            submissionId: 'WEB-0302',
            customerId: DEMO_EDD_CUSTOMER,
            customerType: 'individual',
            submittedAt: now,
            profile: {
              legalName: 'Élodie Marchand',
              dateOfBirth: '1972-11-02',
              nationality: 'FR',
              residence: 'FR',
              idDocumentType: 'id_card',
              idDocumentNumber: 'FR7X2201934',
              idDocumentCountry: 'FR',
              idDocumentExpiresOn: '2031-09-30',
              addressLine: '14 rue de Varenne',
              addressCity: 'Paris',
              addressPostalCode: '75007',
              addressCountry: 'FR',
              expectedProducts: 'custody,trading',
              expectedMonthlyVolumeUsd: 60000,
              sourceOfFunds: 'salary',
              pepDeclared: true,
              consentDataProcessing: true,
              consentScreening: true,
              consentGivenAt: now,
              consentTextVersion: 'privacy-2025-09',
            },
            documents: [{ attachmentId: 'sub-0302-id-card', kind: 'id_card', description: 'National ID card, photographed (front)' }],
          }),
          itemFromBytes('sub-0301-passport', 'attachment', 'application/pdf', passport),
          itemFromBytes('sub-0301-proof', 'attachment', 'application/pdf', proof),
          jsonItem('sub-kyc-0301', 'kyc-submission', {
            submissionId: 'WEB-0301',
            customerId: DEMO_PENDING_CUSTOMER,
            customerType: 'individual',
            submittedAt: now,
            profile: {
              legalName: 'Lukas Brenner',
              dateOfBirth: '1994-07-08',
              nationality: 'AT',
              residence: 'AT',
              idDocumentType: 'passport',
              idDocumentNumber: 'P7729105',
              idDocumentCountry: 'AT',
              idDocumentExpiresOn: '2033-02-28',
              addressLine: 'Mariahilfer Straße 88',
              addressCity: 'Wien',
              addressPostalCode: '1070',
              addressCountry: 'AT',
              expectedProducts: 'custody,trading',
              expectedMonthlyVolumeUsd: 12000,
              sourceOfFunds: 'salary',
              pepDeclared: false,
              consentDataProcessing: true,
              consentScreening: true,
              consentGivenAt: now,
              consentTextVersion: 'privacy-2025-09',
            },
            documents: [
              { attachmentId: 'sub-0301-passport', kind: 'passport', description: 'Passport, photo page' },
              { attachmentId: 'sub-0301-proof', kind: 'proof_of_address', description: 'Utility bill, March' },
            ],
          }),
        ],
        work,
        NO_SECRETS,
      );
      const carla = await ctx.as('carla.custody');
      const preview = await carla('bundles.preview', { source: { path: made.path } });
      if (!preview.bundle) throw new Error(`the demo KYC bundle was refused: ${preview.refusal?.message ?? '?'}`);
      await carla('bundles.import', { source: { path: made.path }, expectedBundleHash: preview.bundle.bundleHash });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    const maria = await ctx.as('maria.mlro');
    // The list update re-screens everyone in the background (rescreen.job.ts): wait for it.
    for (;;) {
      const status = await maria('kyc.rescreen.status', {});
      if (status.job?.state === 'failed') throw new Error(`the demo re-screen failed: ${status.job.error?.message ?? '?'}`);
      if (status.pending.length === 0 && status.job?.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // The declared PEP is on the list: confirmed. The new customer's hit stays open for a reviewer.
    const pep = await maria('kyc.customers.get', { customerId: demoCustomerId(60) });
    for (const hit of pep.hits.filter((h) => h.status === 'open' && h.listKind === 'pep')) {
      await maria('kyc.hits.resolve', { hitId: hit.id, resolution: 'true_match', reason: 'Same person: the customer declared her seat in the Bundestag at onboarding' });
    }
    const high = await maria('kyc.customers.get', { customerId: demoCustomerId(62) });
    for (const hit of high.hits.filter((h) => h.status === 'open' && h.listKind === 'pep')) {
      await maria('kyc.hits.resolve', { hitId: hit.id, resolution: 'true_match', reason: 'Same person: former deputy minister, as declared at onboarding' });
    }
    const pending = await maria('kyc.customers.get', { customerId: DEMO_PENDING_CUSTOMER });
    if (!pending.hits.some((h) => h.status === 'open')) throw new Error(`the demo customer ${DEMO_PENDING_CUSTOMER} should wait with an open hit`);
    const edd = await maria('kyc.customers.get', { customerId: DEMO_EDD_CUSTOMER });
    if (!edd.hits.some((h) => h.status === 'open' && h.listKind === 'pep')) throw new Error(`the demo customer ${DEMO_EDD_CUSTOMER} should wait with an open PEP hit`);
    ctx.progress(`  ${DEMO_EDD_CUSTOMER} (${edd.customer.legalName}, declared PEP, ID card photographed) waits for a compliance officer (enhanced due diligence)`);
    ctx.progress(`  PEP list pep-eu imported by bundle; ${DEMO_PENDING_CUSTOMER} (${pending.customer.legalName}) waits for review with ${pending.hits.filter((h) => h.status === 'open').length} open hit(s)`);
  },
};
