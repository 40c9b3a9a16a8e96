/**
 * Demo records in the vault: KYC files, proofs of address (small PDFs), correspondence and
 * transaction records for the first demo customers, a case with a SAR draft (visible to
 * compliance only), and one record under legal hold — so the Evidence screen and the auditors'
 * search have something true to find. Names are invented.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { DemoStep } from './demo-step';
import { demoCustomerId } from './ledger.demo-step';

const FIRST = ['Amara', 'Lukas', 'Sofia', 'Mateo', 'Yuki', 'Olivia', 'Chen', 'Fatima', 'Noah', 'Zoë', 'Ivan', 'Priya', 'Jonas', 'Léa', 'Omar', 'Hana'];
const LAST = ['Okafor', 'Schmidt', 'García', 'Rossi', 'Tanaka', 'Nowak', 'Wang', 'Haddad', 'Müller', 'Dubois', 'Petrov', 'Sharma', 'Berg', 'Martin', 'Aziz', 'Kim'];
const COUNTRIES = ['DE', 'FR', 'ES', 'IT', 'NL', 'AT', 'IE', 'PT'];
export const DEMO_RECORD_CUSTOMERS = 60;

export function demoCustomerName(i: number): string {
  return `${FIRST[i % FIRST.length]!} ${LAST[(i * 7) % LAST.length]!}`;
}

async function proofOfAddress(name: string, street: string, when: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([420, 300]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const plain = (t: string) => t.normalize('NFKD').replace(/\p{M}+/gu, '');
  [`Utility bill — ${when.slice(0, 10)}`, plain(name), plain(street), 'Account 8841-2290', 'Amount due: EUR 84.10'].forEach((line, i) => page.drawText(line, { x: 30, y: 250 - i * 24, size: 13, font }));
  pdf.setCreationDate(new Date(when));
  pdf.setModificationDate(new Date(when));
  return Buffer.from(await pdf.save());
}

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

export const vaultDemoStep: DemoStep = {
  name: 'vault',
  async run(ctx) {
    const anil = await ctx.as('anil.analyst');
    const maria = await ctx.as('maria.mlro');
    let held = '';
    for (let i = 0; i < DEMO_RECORD_CUSTOMERS; i++) {
      const customerId = demoCustomerId(i);
      const name = demoCustomerName(i);
      const country = COUNTRIES[i % COUNTRIES.length]!;
      const street = `${10 + i} Harbour Street, ${country}`;
      const kyc = {
        customerId,
        name,
        dateOfBirth: `19${60 + (i % 35)}-0${1 + (i % 9)}-1${i % 10}`,
        nationality: country,
        residence: country,
        document: { type: 'passport', number: `P${String(4_000_000 + i * 7919)}`, expires: `203${i % 9}-06-30` },
        address: street,
        verifiedBy: 'anil.analyst',
      };
      await anil('vault.records.put', {
        type: 'kyc',
        subjectType: 'customer',
        subjectId: customerId,
        title: `KYC file — ${name}`,
        contentType: 'application/json',
        contentBase64: b64(JSON.stringify(kyc, null, 2)),
        terms: { names: [name] },
      });
      await anil('vault.records.put', {
        type: 'kyc',
        subjectType: 'customer',
        subjectId: customerId,
        title: `Proof of address — ${name}`,
        contentType: 'application/pdf',
        contentBase64: b64(await proofOfAddress(name, street, ctx.now().toISOString())),
        terms: { names: [name] },
      });
      if (i % 3 === 0) {
        const record = await maria('vault.records.put', {
          type: 'correspondence',
          subjectType: 'customer',
          subjectId: customerId,
          title: `Source of funds request — ${name}`,
          contentType: 'text/plain',
          contentBase64: b64(`Dear ${name},\n\nPlease provide evidence of the source of the funds deposited this month (bank statements or a sale contract).\n\nCompliance team`),
          terms: { names: [name] },
        });
        if (i === 9) held = record.record.id;
      }
    }
    await maria('vault.legalHold.set', { id: held, hold: true, reason: 'Preservation request from the financial intelligence unit, ref FIU-2026-0142' });
    await maria('vault.records.put', {
      type: 'sar',
      subjectType: 'case',
      subjectId: 'CASE-0001',
      title: 'SAR draft — structuring below threshold',
      contentType: 'text/plain',
      contentBase64: b64(`Subject: ${demoCustomerName(4)} (${demoCustomerId(4)}). Several deposits just below 3,000 USD within 24 hours. Draft for MLRO review.`),
      terms: { names: [demoCustomerName(4)] },
    });
    await maria('vault.records.put', {
      type: 'risk_assessment',
      subjectType: 'case',
      subjectId: 'CASE-0001',
      title: 'Case risk assessment',
      contentType: 'text/plain',
      contentBase64: b64('Risk: high. Pattern consistent with structuring. Recommend enhanced monitoring.'),
    });
    ctx.progress(`  ${DEMO_RECORD_CUSTOMERS * 2 + Math.ceil(DEMO_RECORD_CUSTOMERS / 3) + 2} records, one under legal hold, one SAR draft`);
  },
};
