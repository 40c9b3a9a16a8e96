/** KYC files for tests: valid profiles, small real documents, and a customer onboarded end to end. */
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import type { CommandInput, CommandOutput } from '../../src-shared/commands';
import { ok } from './dev-data';

export type ProfileInput = CommandInput<'kyc.customers.create'>['profile'];

export function individual(overrides: Partial<ProfileInput> = {}): ProfileInput {
  return {
    type: 'individual',
    legalName: 'Maren Lindqvist',
    dateOfBirth: '1984-05-17',
    nationality: 'SE',
    residence: 'DE',
    idDocument: { type: 'passport', number: 'SE8841022', issuingCountry: 'SE', expiresOn: '2031-04-30' },
    address: { line: 'Kastanienallee 12', city: 'Berlin', postalCode: '10435', country: 'DE' },
    expectedProducts: ['custody'],
    expectedMonthlyVolumeUsd: 5_000,
    sourceOfFunds: 'salary',
    ...overrides,
  };
}

export function entity(overrides: Partial<ProfileInput> = {}): ProfileInput {
  return {
    type: 'entity',
    legalName: 'Nordlicht Handels GmbH',
    registrationNumber: 'HRB 184422',
    jurisdiction: 'DE',
    incorporatedOn: '2015-09-01',
    address: { line: 'Speicherstadt 4', city: 'Hamburg', postalCode: '20457', country: 'DE' },
    expectedProducts: ['custody', 'trading'],
    expectedMonthlyVolumeUsd: 120_000,
    sourceOfFunds: 'business_income',
    beneficialOwners: [
      { legalName: 'Henrike Vogt', dateOfBirth: '1971-02-03', nationality: 'DE', residence: 'DE', ownershipPercent: 60 },
      { legalName: 'Tarek Haddad', dateOfBirth: '1979-11-21', nationality: 'LB', residence: 'DE', ownershipPercent: 10, control: true },
    ],
    ...overrides,
  };
}

/** A minimal, well-formed one-page PDF (ISO 32000-1: header, catalog, pages, xref, trailer). */
export function tinyPdf(text = 'passport scan'): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>`, `<< /Length ${text.length + 24} >>\nstream\nBT /F1 12 Tf (${text}) Tj ET\nendstream`];
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

/** A 1×1 PNG (RFC 2083). */
export const tinyPng = (): Buffer => Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * A customer onboarded through the bus: file, one document, approval. `officer` must hold
 * compliance_officer when the profile needs enhanced due diligence.
 */
export async function onboard(core: Core, officer: CallerContext, customerId: string, profile: ProfileInput = individual()): Promise<void> {
  const document = { kind: profile.type === 'entity' ? ('company_registration' as const) : ('passport' as const), fileName: 'id.pdf', contentType: 'application/pdf', content: { base64: tinyPdf().toString('base64') } };
  const created = await ok(core, 'kyc.customers.create', { customerId, profile, documents: [document] }, officer);
  const edd = created.edd.required ? { sourceOfFunds: 'Salary from a salaried position, payslips on file', sourceOfWealth: 'Savings accumulated over fifteen years of employment' } : undefined;
  await ok(core, 'kyc.customers.approve', { customerId, ...(edd ? { edd } : {}) }, officer);
}

/**
 * Wait for the background re-screen a list import queues (rescreen.job.ts): until no job runs and
 * nothing is queued. A failed job fails the test with its error.
 */
export async function rescreened(core: Core, reader: CallerContext, timeoutMs = 120_000): Promise<CommandOutput<'kyc.rescreen.status'>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await ok(core, 'kyc.rescreen.status', {}, reader);
    if (status.job?.state === 'failed') throw new Error(`the re-screen job failed: ${status.job.error?.code ?? '?'} ${status.job.error?.message ?? ''}`);
    if (status.pending.length === 0 && status.job?.state !== 'running') return status;
    if (Date.now() > until) throw new Error(`the re-screen did not finish in ${timeoutMs} ms: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
