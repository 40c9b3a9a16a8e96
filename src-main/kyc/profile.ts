/**
 * A customer profile's meaning, checked the same way whether it comes from the console or from a
 * KYC submission in a bundle: mandatory fields by customer type, real calendar dates (no
 * 2026-02-30, no birth in the future), ISO 3166-1 country codes, beneficial owners of at least 25 %
 * or with control, known products and sources of funds, valid wallet addresses. Every problem is
 * reported with its field, all at once; nothing is written until the profile is clean.
 */
import countries from 'i18n-iso-countries';
import type { z } from 'zod';
import type { FieldIssue } from '../../src-shared/errors';
import { kycProfileInput } from '../../src-shared/commands/kyc.commands';
import { validateAddress } from '../chains';
import { VaultlineError } from '../errors';
import type { NameQuery } from '../screening/screening.types';
import type { RiskConfig } from './risk-config';

export type KycProfile = z.output<typeof kycProfileInput>;
export type BeneficialOwnerProfile = NonNullable<KycProfile['beneficialOwners']>[number];

const DAY = 86_400_000;

/** A real calendar date (YYYY-MM-DD) as a UTC midnight, or undefined. */
export function calendarDate(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : undefined;
}

function yearsBetween(from: Date, to: Date): number {
  let years = to.getUTCFullYear() - from.getUTCFullYear();
  if (to.getUTCMonth() < from.getUTCMonth() || (to.getUTCMonth() === from.getUTCMonth() && to.getUTCDate() < from.getUTCDate())) years--;
  return years;
}

/** Every problem with a profile's meaning (its shape was already checked by the zod schema). */
export function profileProblems(p: KycProfile, config: RiskConfig, now: Date, prefix = 'profile'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const at = (path: string, message: string) => issues.push({ path: `${prefix}.${path}`, message });
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const country = (path: string, code: string | undefined) => {
    if (code !== undefined && !countries.isValid(code)) at(path, `"${code}" is not an ISO 3166-1 country code`);
  };
  const birth = (path: string, text: string | undefined, adult: boolean) => {
    if (text === undefined) return;
    const d = calendarDate(text);
    if (!d) return at(path, `${text} is not a real date`);
    if (d > today) return at(path, `${text} is in the future`);
    const age = yearsBetween(d, today);
    if (age > 130) at(path, `${text} would make them ${age} years old`);
    else if (adult && age < 18) at(path, `${text} makes them ${age}: customers must be adults`);
  };
  const required = (path: string, value: unknown, what: string) => {
    if (value === undefined) at(path, `is required for ${what}`);
  };
  const absent = (path: string, value: unknown, what: string) => {
    if (value !== undefined) at(path, `does not apply to ${what}`);
  };

  if (p.type === 'individual') {
    const who = 'an individual';
    required('dateOfBirth', p.dateOfBirth, who);
    required('nationality', p.nationality, who);
    required('residence', p.residence, who);
    required('idDocument', p.idDocument, who);
    for (const f of ['registrationNumber', 'jurisdiction', 'incorporatedOn', 'beneficialOwners'] as const) absent(f, p[f], who);
    birth('dateOfBirth', p.dateOfBirth, true);
    if (p.idDocument) {
      if (!calendarDate(p.idDocument.expiresOn)) at('idDocument.expiresOn', `${p.idDocument.expiresOn} is not a real date`);
      country('idDocument.issuingCountry', p.idDocument.issuingCountry);
    }
  } else {
    const what = 'an entity';
    required('registrationNumber', p.registrationNumber, what);
    required('jurisdiction', p.jurisdiction, what);
    required('incorporatedOn', p.incorporatedOn, what);
    for (const f of ['dateOfBirth', 'nationality', 'residence', 'idDocument'] as const) absent(f, p[f], what);
    if (p.incorporatedOn !== undefined) {
      const d = calendarDate(p.incorporatedOn);
      if (!d) at('incorporatedOn', `${p.incorporatedOn} is not a real date`);
      else if (d > today) at('incorporatedOn', `${p.incorporatedOn} is in the future`);
    }
    const owners = p.beneficialOwners ?? [];
    if (owners.length === 0) at('beneficialOwners', 'an entity names its beneficial owners (each with at least 25 % or control)');
    let total = 0;
    owners.forEach((o, i) => {
      const path = `beneficialOwners.${i}`;
      total += o.ownershipPercent;
      if (o.ownershipPercent < 25 && !o.control) at(`${path}.ownershipPercent`, `${o.ownershipPercent} % without control: a beneficial owner holds at least 25 % or controls the entity`);
      birth(`${path}.dateOfBirth`, o.dateOfBirth, false);
      country(`${path}.nationality`, o.nationality);
      country(`${path}.residence`, o.residence);
    });
    if (total > 100.0001) at('beneficialOwners', `ownership adds up to ${total} %, more than 100 %`);
  }
  country('nationality', p.nationality);
  country('residence', p.residence);
  country('jurisdiction', p.jurisdiction);
  country('address.country', p.address.country);

  p.expectedProducts.forEach((code, i) => {
    if (!(code in config.products)) at(`expectedProducts.${i}`, `unknown product "${code}" (known: ${Object.keys(config.products).join(', ')})`);
  });
  if (new Set(p.expectedProducts).size !== p.expectedProducts.length) at('expectedProducts', 'a product is named twice');
  if (!(p.sourceOfFunds in config.sourceOfFunds)) at('sourceOfFunds', `unknown source of funds "${p.sourceOfFunds}" (known: ${Object.keys(config.sourceOfFunds).join(', ')})`);

  const seen = new Set<string>();
  (p.walletAddresses ?? []).forEach((w, i) => {
    const check = validateAddress(w.chain, 'mainnet', w.address);
    if (!check.ok) at(`walletAddresses.${i}.address`, check.message);
    const key = `${w.chain}:${w.address.toLowerCase()}`;
    if (seen.has(key)) at(`walletAddresses.${i}.address`, 'the same address is listed twice');
    seen.add(key);
  });
  (p.consents ?? []).forEach((c, i) => {
    if (new Date(c.givenAt).getTime() > now.getTime() + 5 * 60_000) at(`consents.${i}.givenAt`, `${c.givenAt} is in the future`);
  });
  return issues;
}

/** Throw VALIDATION naming every field at fault, or return the profile unchanged. */
export function checkProfile(p: KycProfile, config: RiskConfig, now: Date, prefix = 'profile'): KycProfile {
  const issues = profileProblems(p, config, now, prefix);
  if (issues.length > 0) {
    const shown = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new VaultlineError('VALIDATION', `The profile is not valid (${shown}${issues.length > 3 ? `; and ${issues.length - 3} more` : ''}). Nothing was changed.`, { issues });
  }
  return p;
}

/** The countries a customer is tied to, for the risk engine. */
export function riskCountries(p: KycProfile): { role: string; code: string }[] {
  const out: { role: string; code: string }[] = [];
  const add = (role: string, code: string | undefined) => {
    if (code) out.push({ role, code });
  };
  add('residence', p.residence);
  add('nationality', p.nationality);
  add('jurisdiction', p.jurisdiction);
  add('address', p.address.country);
  for (const o of p.beneficialOwners ?? []) {
    add(`owner ${o.legalName} nationality`, o.nationality);
    add(`owner ${o.legalName} residence`, o.residence);
  }
  return out;
}

/** What screening searches for the customer (its digest is what a false positive remembers). */
export function customerQuery(p: Pick<KycProfile, 'type' | 'legalName' | 'dateOfBirth' | 'nationality' | 'residence' | 'jurisdiction'> & { address?: Partial<KycProfile['address']> & { country: string } }): NameQuery {
  const countriesOf = p.type === 'individual' ? [p.nationality, p.residence] : [p.jurisdiction, p.address?.country];
  const list = [...new Set(countriesOf.filter((c): c is string => typeof c === 'string'))].sort();
  return { name: p.legalName, kind: p.type, ...(p.dateOfBirth ? { birthDate: p.dateOfBirth } : {}), ...(list.length > 0 ? { countries: list } : {}) };
}

export function ownerQuery(o: { legalName: string; dateOfBirth: string; nationality: string; residence: string }): NameQuery {
  return { name: o.legalName, kind: 'individual', birthDate: o.dateOfBirth, countries: [...new Set([o.nationality, o.residence])].sort() };
}

/** The ID document expiry as a time, for the review date. */
export function documentExpiry(p: KycProfile): Date | undefined {
  return p.idDocument ? calendarDate(p.idDocument.expiresOn) : undefined;
}

export { DAY };

// ─── KYC submissions from bundles: a flat record of form fields ─────────────────────────────

const FLAT_FIELDS = new Set([
  'legalName',
  'dateOfBirth',
  'nationality',
  'residence',
  'idDocumentType',
  'idDocumentNumber',
  'idDocumentCountry',
  'idDocumentExpiresOn',
  'registrationNumber',
  'jurisdiction',
  'incorporatedOn',
  'addressLine',
  'addressCity',
  'addressPostalCode',
  'addressCountry',
  'expectedProducts',
  'expectedMonthlyVolumeUsd',
  'sourceOfFunds',
  'pepDeclared',
  'consentDataProcessing',
  'consentScreening',
  'consentElectronicCommunications',
  'consentGivenAt',
  'consentTextVersion',
]);
const OWNER = /^owner([1-9]\d?)(Name|DateOfBirth|Nationality|Residence|Percent|Control)$/;
const WALLET = /^wallet([1-9]\d?)(Chain|Address|Label)$/;

type Flat = Readonly<Record<string, string | number | boolean | null>>;

/**
 * The profile a bundle's `kyc-submission` carries as a flat record (the online node's form): the
 * field names above, beneficial owners as `owner1Name`, `owner1DateOfBirth`, `owner1Nationality`,
 * `owner1Residence`, `owner1Percent`, `owner1Control`, linked wallets as `wallet1Chain`,
 * `wallet1Address`, `wallet1Label`. An unknown field is refused (it would otherwise be lost).
 */
export function profileFromSubmission(customerType: 'individual' | 'entity', flat: Flat): unknown {
  const unknown = Object.keys(flat).filter((k) => !FLAT_FIELDS.has(k) && !OWNER.test(k) && !WALLET.test(k));
  if (unknown.length > 0) {
    throw new VaultlineError('VALIDATION', `The submission's profile has fields the console does not know: ${unknown.slice(0, 5).join(', ')}. Nothing was changed.`, { issues: unknown.map((k) => ({ path: `profile.${k}`, message: 'unknown field' })) });
  }
  const value = (k: string) => (flat[k] === null || flat[k] === '' ? undefined : flat[k]);
  const str = (k: string) => {
    const v = value(k);
    return v === undefined ? undefined : String(v);
  };
  const num = (k: string) => {
    const v = value(k);
    return typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v;
  };
  const bool = (k: string) => {
    const v = value(k);
    return v === 'true' ? true : v === 'false' ? false : v;
  };
  const indexes = (re: RegExp) => [...new Set(Object.keys(flat).flatMap((k) => re.exec(k)?.[1] ?? []))].map(Number).sort((a, b) => a - b);
  const idDocument = str('idDocumentType') || str('idDocumentNumber') ? { type: str('idDocumentType'), number: str('idDocumentNumber'), issuingCountry: str('idDocumentCountry'), expiresOn: str('idDocumentExpiresOn') } : undefined;
  const owners = indexes(OWNER).map((n) => ({ legalName: str(`owner${n}Name`), dateOfBirth: str(`owner${n}DateOfBirth`), nationality: str(`owner${n}Nationality`), residence: str(`owner${n}Residence`), ownershipPercent: num(`owner${n}Percent`), control: bool(`owner${n}Control`) ?? false }));
  const wallets = indexes(WALLET).map((n) => ({ chain: str(`wallet${n}Chain`), address: str(`wallet${n}Address`), ...(str(`wallet${n}Label`) ? { label: str(`wallet${n}Label`) } : {}) }));
  const givenAt = str('consentGivenAt');
  const textVersion = str('consentTextVersion') ?? 'unstated';
  const consents = (
    [
      ['consentDataProcessing', 'data_processing'],
      ['consentScreening', 'screening'],
      ['consentElectronicCommunications', 'electronic_communications'],
    ] as const
  ).flatMap(([field, kind]) => (bool(field) === undefined ? [] : [{ kind, granted: bool(field), givenAt, textVersion }]));
  const products = str('expectedProducts');
  const profile: Record<string, unknown> = {
    type: customerType,
    legalName: str('legalName'),
    dateOfBirth: str('dateOfBirth'),
    nationality: str('nationality'),
    residence: str('residence'),
    idDocument,
    registrationNumber: str('registrationNumber'),
    jurisdiction: str('jurisdiction'),
    incorporatedOn: str('incorporatedOn'),
    address: { line: str('addressLine'), city: str('addressCity'), ...(str('addressPostalCode') ? { postalCode: str('addressPostalCode') } : {}), country: str('addressCountry') },
    expectedProducts: products === undefined ? undefined : products.split(/[,;]/).map((p) => p.trim()).filter(Boolean),
    expectedMonthlyVolumeUsd: num('expectedMonthlyVolumeUsd'),
    sourceOfFunds: str('sourceOfFunds'),
    pepDeclared: bool('pepDeclared') ?? false,
    beneficialOwners: owners.length > 0 ? owners : undefined,
    walletAddresses: wallets.length > 0 ? wallets : undefined,
    consents: consents.length > 0 ? consents : undefined,
  };
  for (const k of Object.keys(profile)) if (profile[k] === undefined) delete profile[k];
  return profile;
}

/** Parse a submission's profile with the console's schema, naming the fields at fault. */
export function parseSubmittedProfile(customerType: 'individual' | 'entity', flat: Flat): KycProfile {
  const parsed = kycProfileInput.safeParse(profileFromSubmission(customerType, flat));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: `profile.${i.path.map(String).join('.')}`, message: i.message }));
    throw new VaultlineError('VALIDATION', `The submission's profile is not valid (${issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ')}). Nothing was changed.`, { issues });
  }
  return parsed.data;
}
