/**
 * The SAR/STR draft: everything a suspicious-transaction or suspicious-activity report says, in one
 * typed, readonly value that every export (goAML XML, FinCEN SAR XML, PDF) reads. Pure: no
 * database, no I/O. The workflow that prefills it from a case (subject, transactions, alert
 * evidence) and stores the filing lives elsewhere.
 *
 * At the edge a draft is JSON: amounts are decimal strings in the asset's own unit ("12.5" ETH)
 * and USD values decimal strings with at most two places ("12345.67"), parsed exactly with
 * src-shared/money.ts into bigint minor units. Money is never a float here.
 */
import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { fieldIssues } from '../../src-shared/errors';
import { AmountError, formatUsdCents, parseAmount } from '../../src-shared/money';
import { VaultlineError } from '../errors';

// ─── The model ────────────────────────────────────────────────────────────────────────────────

export type SarKind = 'STR' | 'SAR';

export interface SarAddress {
  readonly line: string;
  readonly city: string;
  readonly postcode?: string;
  /** State, province or emirate; a code where the country uses them (US: "NY"). */
  readonly state?: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

export interface SarIdDocument {
  readonly type: 'passport' | 'national_id' | 'driving_licence' | 'other';
  /** What the document is when `type` is "other" (e.g. "residence permit"). */
  readonly description?: string;
  readonly number: string;
  readonly issuingCountry: string;
  readonly issueDate: string;
  readonly expiryDate: string;
}

export interface SarPersonSubject {
  readonly kind: 'person';
  /** The console's customer id: transactions name their subject by it. */
  readonly customerId: string;
  readonly firstName: string;
  readonly middleName?: string;
  readonly lastName: string;
  readonly gender: 'male' | 'female' | 'unknown';
  readonly birthDate: string;
  /** One to three nationalities, ISO 3166-1 alpha-2. */
  readonly nationalities: readonly string[];
  /** Country of residence. */
  readonly residence: string;
  readonly idDocument: SarIdDocument;
  readonly addresses: readonly SarAddress[];
  readonly occupation?: string;
  readonly email?: string;
  readonly phone?: string;
}

export interface SarBeneficialOwner {
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate?: string;
  readonly nationality?: string;
  /** Share held, in whole percent (0–100), when known. */
  readonly ownershipPercent?: number;
}

export interface SarEntitySubject {
  readonly kind: 'entity';
  readonly customerId: string;
  readonly name: string;
  readonly incorporationNumber: string;
  readonly incorporationCountry: string;
  readonly incorporationState?: string;
  readonly incorporationDate: string;
  /** The FIU's legal-form lookup code, when the analyst has chosen one. */
  readonly legalFormCode?: string;
  /** What the entity does. */
  readonly business: string;
  readonly addresses: readonly SarAddress[];
  readonly beneficialOwners: readonly SarBeneficialOwner[];
  readonly email?: string;
  readonly phone?: string;
}

export type SarSubject = SarPersonSubject | SarEntitySubject;

export interface SarCounterpartyVasp {
  readonly name: string;
  readonly country?: string;
  /** LEI or the VASP's registration number, when known. */
  readonly identifier?: string;
}

export interface SarTransaction {
  /** The console's transaction id. */
  readonly id: string;
  /** The subject (customer) on our side of the transfer. */
  readonly customerId: string;
  /** ISO timestamp, UTC. */
  readonly at: string;
  readonly direction: 'deposit' | 'withdrawal';
  readonly asset: { readonly symbol: string; readonly decimals: number; readonly network: string };
  /** Amount in the asset's minor units (satoshi, wei). */
  readonly amountMinor: bigint;
  /** Value in USD cents at the time of the transaction. */
  readonly usdCents: bigint;
  /** On-chain transaction id / hash. */
  readonly txHash: string;
  /** Our wallet address (deposit address, or the hot wallet the withdrawal left from). */
  readonly ourAddress: string;
  readonly counterpartyAddress: string;
  /** null: unknown or an unhosted wallet. */
  readonly counterpartyVasp: SarCounterpartyVasp | null;
}

export interface SarAlertCondition {
  readonly text: string;
  readonly actual: string;
  readonly held: boolean;
}

export interface SarAlertEvidence {
  readonly alertId: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly ruleVersion: number;
  readonly raisedAt: string;
  readonly transactionIds: readonly string[];
  readonly conditions: readonly SarAlertCondition[];
}

export interface SarReportingPerson {
  readonly firstName: string;
  readonly lastName: string;
  /** Job title ("MLRO"). */
  readonly title: string;
  readonly email: string;
  readonly phone: string;
  readonly address: SarAddress;
}

export interface SarReportingEntity {
  /** The id the FIU assigned to the firm at registration (goAML `rentity_id`). */
  readonly rentityId: number;
  readonly branch?: string;
  readonly name: string;
  readonly reportingPerson: SarReportingPerson;
}

export interface SarApproval {
  /** The compliance officer (MLRO) who approved the report. */
  readonly mlroUsername: string;
  readonly approvedAt: string;
}

export interface SarReport {
  readonly kind: SarKind;
  readonly caseId: string;
  readonly reportingEntity: SarReportingEntity;
  /** YYYY-MM-DD. */
  readonly submissionDate: string;
  /** ISO 4217; amounts in this currency are the transactions' USD values, so only USD is accepted. */
  readonly localCurrency: 'USD';
  readonly subjects: readonly SarSubject[];
  readonly transactions: readonly SarTransaction[];
  readonly alerts: readonly SarAlertEvidence[];
  /** Free text by the analyst (line ends normalised to \n). Empty while drafting; required to export. */
  readonly narrative: string;
  /** What the firm did (blocked, froze, exited the relationship …). */
  readonly actionTaken: string;
  /** goAML report indicator codes (the FIU's lookup list). */
  readonly indicators: readonly string[];
  /** YYYY-MM-DD: the day the activity was detected (the filing deadline runs from it). */
  readonly detectionDate: string;
  readonly approval: SarApproval | null;
}

// ─── The schema (edge → model) ───────────────────────────────────────────────────────────────

/** XML 1.0 cannot carry C0 controls (except tab and line ends); an export must never write them. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f\ufffe\uffff]/;

/** A one-line text field, trimmed, 1..max characters. */
function line(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL_OR_NEWLINE.test(s), 'must be one line without control characters');
}

const country = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code like "DE"')
  .refine((c) => countries.isValid(c), 'is not an ISO 3166-1 country code');

const date = z.iso.date('must be a date YYYY-MM-DD');
const timestamp = z.iso.datetime({ message: 'must be an ISO timestamp in UTC like "2026-11-02T09:14:05Z"' });
const email = z.email('must be an e-mail address').max(255, 'must be at most 255 characters');
const phone = z.string().trim().regex(/^\+?[0-9][0-9 ()-]{3,30}$/, 'must be a phone number (digits, spaces, "+", "-", brackets)');

const address = z.strictObject({
  line: line(100),
  city: line(100),
  postcode: line(10).optional(),
  state: line(100).optional(),
  country,
});

const idDocument = z
  .strictObject({
    type: z.enum(['passport', 'national_id', 'driving_licence', 'other']),
    description: line(50).optional(),
    number: line(25),
    issuingCountry: country,
    issueDate: date,
    expiryDate: date,
  })
  .superRefine((d, ctx) => {
    if (d.type === 'other' && d.description === undefined) ctx.addIssue({ code: 'custom', path: ['description'], message: 'must say what the document is when type is "other"' });
    if (d.expiryDate < d.issueDate) ctx.addIssue({ code: 'custom', path: ['expiryDate'], message: 'must not be before issueDate' });
  });

const person = z.strictObject({
  kind: z.literal('person'),
  customerId: line(64),
  firstName: line(100),
  middleName: line(100).optional(),
  lastName: line(100),
  gender: z.enum(['male', 'female', 'unknown']).default('unknown'),
  birthDate: date,
  nationalities: z.array(country).min(1, 'must name at least one nationality').max(3, 'at most three nationalities'),
  residence: country,
  idDocument,
  addresses: z.array(address).min(1, 'must hold at least one address').max(10, 'at most 10 addresses'),
  occupation: line(255).optional(),
  email: email.optional(),
  phone: phone.optional(),
});

const beneficialOwner = z.strictObject({
  firstName: line(100),
  lastName: line(100),
  birthDate: date.optional(),
  nationality: country.optional(),
  ownershipPercent: z.number().int('must be whole percent').min(0).max(100).optional(),
});

const entity = z.strictObject({
  kind: z.literal('entity'),
  customerId: line(64),
  name: line(150),
  incorporationNumber: line(50),
  incorporationCountry: country,
  incorporationState: line(100).optional(),
  incorporationDate: date,
  legalFormCode: line(10).optional(),
  business: line(255),
  addresses: z.array(address).min(1, 'must hold at least one address').max(10, 'at most 10 addresses'),
  beneficialOwners: z.array(beneficialOwner).min(1, 'must name at least one beneficial owner (FATF R24)').max(50),
  email: email.optional(),
  phone: phone.optional(),
});

const USD = /^(0|[1-9]\d*)(\.\d{1,2})?$/;

const transaction = z
  .strictObject({
    id: line(100),
    customerId: line(64),
    at: timestamp,
    direction: z.enum(['deposit', 'withdrawal']),
    asset: z.strictObject({
      symbol: z.string().regex(/^[A-Z0-9]{2,10}$/, 'must be an asset symbol like "ETH"'),
      decimals: z.number().int('must be a whole number').min(0).max(30),
      network: line(40),
    }),
    /** Decimal string in the asset's unit, e.g. "12.5". */
    amount: z.string(),
    /** Decimal string in USD with at most two places, e.g. "12345.67". */
    usdValue: z.string().regex(USD, 'must be a USD amount like "12345.67" (at most two decimal places)'),
    txHash: z.string().regex(/^(0x)?[0-9a-fA-F]{16,96}$/, 'must be a transaction hash (16 to 96 hex digits)'),
    ourAddress: line(128),
    counterpartyAddress: line(128),
    counterpartyVasp: z
      .strictObject({ name: line(150), country: country.optional(), identifier: line(50).optional() })
      .nullable()
      .default(null),
  })
  .transform((t, ctx) => {
    let amountMinor: bigint;
    try {
      amountMinor = parseAmount(t.amount, t.asset.decimals, `amount (${t.asset.symbol})`);
    } catch (error) {
      if (!(error instanceof AmountError)) throw error;
      ctx.addIssue({ code: 'custom', path: ['amount'], message: error.message });
      return z.NEVER;
    }
    if (amountMinor <= 0n) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must be greater than zero' });
      return z.NEVER;
    }
    const { amount: _amount, usdValue, ...rest } = t;
    return { ...rest, amountMinor, usdCents: parseAmount(usdValue, 2, 'usdValue') };
  });

const alert = z.strictObject({
  alertId: line(100),
  ruleId: line(100),
  ruleName: line(200),
  ruleVersion: z.number().int('must be a whole number').min(1),
  raisedAt: timestamp,
  transactionIds: z.array(line(100)).max(1000),
  conditions: z
    .array(z.strictObject({ text: line(500), actual: z.string().max(500, 'must be at most 500 characters').refine((s) => !CONTROL_OR_NEWLINE.test(s), 'must be one line'), held: z.boolean() }))
    .max(100),
});

/** Multi-line free text: line ends normalised to \n (an XML parser would do it anyway), no control characters. */
function text(max: number) {
  return z
    .string()
    .transform((s) => s.replace(/\r\n?/g, '\n'))
    .refine((s) => !CONTROL.test(s), 'must not contain control characters')
    .refine((s) => [...s].length <= max, `must be at most ${max} characters`);
}

export const sarDraftSchema = z
  .strictObject({
    kind: z.enum(['STR', 'SAR']),
    caseId: line(100),
    reportingEntity: z.strictObject({
      rentityId: z.number().int('must be a whole number').min(1, 'must be the id the FIU assigned (1 or more)').max(2_147_483_647),
      branch: line(255).optional(),
      name: line(150),
      reportingPerson: z.strictObject({
        firstName: line(100),
        lastName: line(100),
        title: line(100),
        email,
        phone,
        address,
      }),
    }),
    submissionDate: date,
    localCurrency: z.literal('USD', 'must be "USD": transaction values are held in USD').default('USD'),
    subjects: z.array(z.discriminatedUnion('kind', [person, entity], 'must be a person or an entity')).min(1, 'must name at least one subject').max(100),
    transactions: z.array(transaction).min(1, 'must include at least one transaction').max(10_000),
    alerts: z.array(alert).max(1000),
    narrative: text(20_000).default(''),
    actionTaken: text(4_000),
    indicators: z.array(z.string().regex(/^[A-Z0-9]{1,10}$/, 'must be an FIU indicator code like "IUVC6"')).min(1, 'must name at least one report indicator').max(100),
    detectionDate: date,
    approval: z.strictObject({ mlroUsername: line(64), approvedAt: timestamp }).nullable().default(null),
  })
  .superRefine((r, ctx) => {
    const subjects = new Set<string>();
    r.subjects.forEach((s, i) => {
      if (subjects.has(s.customerId)) ctx.addIssue({ code: 'custom', path: ['subjects', i, 'customerId'], message: `"${s.customerId}" is named twice` });
      subjects.add(s.customerId);
    });
    const txIds = new Set<string>();
    r.transactions.forEach((t, i) => {
      if (txIds.has(t.id)) ctx.addIssue({ code: 'custom', path: ['transactions', i, 'id'], message: `"${t.id}" is listed twice` });
      txIds.add(t.id);
      if (!subjects.has(t.customerId)) ctx.addIssue({ code: 'custom', path: ['transactions', i, 'customerId'], message: `"${t.customerId}" is not one of the report's subjects` });
    });
    r.alerts.forEach((a, i) =>
      a.transactionIds.forEach((id, j) => {
        if (!txIds.has(id)) ctx.addIssue({ code: 'custom', path: ['alerts', i, 'transactionIds', j], message: `"${id}" is not one of the report's transactions` });
      }),
    );
    if (r.submissionDate < r.detectionDate) ctx.addIssue({ code: 'custom', path: ['submissionDate'], message: 'must not be before detectionDate' });
    if (r.approval && r.approval.approvedAt.slice(0, 10) < r.detectionDate) ctx.addIssue({ code: 'custom', path: ['approval', 'approvedAt'], message: 'must not be before detectionDate' });
  });

export type SarDraftInput = z.input<typeof sarDraftSchema>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Edge JSON → the report, or VALIDATION with one issue per field (`transactions.2.amount`: "has 7
 * decimal places; this asset allows at most 6"). The result is deeply frozen.
 */
export function parseSarDraft(input: unknown): SarReport {
  const result = sarDraftSchema.safeParse(input);
  if (!result.success) {
    throw new VaultlineError('VALIDATION', 'The SAR/STR draft is incomplete or invalid; see the fields listed.', { issues: fieldIssues(result.error) });
  }
  const report: SarReport = result.data;
  return deepFreeze(report);
}

/**
 * Every exporter calls this first: an unapproved report, or one without a narrative, is refused and
 * nothing is produced ("an export of an unapproved SAR → clear error, nothing changed").
 */
export function requireExportable(report: SarReport, format: string): void {
  const issues = [];
  if (report.approval === null) issues.push({ path: 'approval', message: 'the report must be approved by the compliance officer (MLRO) before it is exported' });
  if (report.narrative.trim() === '') issues.push({ path: 'narrative', message: 'must not be empty: write the narrative before export' });
  if (issues.length > 0) throw new VaultlineError('VALIDATION', `The ${report.kind} cannot be exported as ${format}: ${issues.map((i) => i.message).join('; ')}.`, { issues });
}

// ─── Helpers shared by the exports ──────────────────────────────────────────────────────────

/** 1234567n cents → "12345.67": always two places, from the bigint, never through a float. */
export { formatUsdCents };

export function subjectName(subject: SarSubject): string {
  return subject.kind === 'person' ? [subject.firstName, subject.middleName, subject.lastName].filter(Boolean).join(' ') : subject.name;
}

export function subjectOf(report: SarReport, tx: SarTransaction): SarSubject {
  const subject = report.subjects.find((s) => s.customerId === tx.customerId);
  // parseSarDraft guarantees the reference; a hand-built report that breaks it is a programming error.
  if (!subject) throw new VaultlineError('INTERNAL', `transaction ${tx.id} names no subject of the report`);
  return subject;
}
