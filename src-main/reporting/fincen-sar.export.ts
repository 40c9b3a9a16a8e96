/**
 * The SAR as a FinCEN BSA E-Filing batch (FinCEN SAR XML User Guide, "EFilingBatchXML"; form type
 * SARX), built with xmlbuilder2. Section names in the comments are the guide's.
 *
 * FinCEN publishes the batch XSD (EFL_SARXBatchSchema.xsd) on its site only; it is not shipped
 * here, so this module checks what the schema would (element order, lengths, code lists, the
 * narrative limits) itself, and the tests parse the output back.
 *
 * Layout (guide, "Batch XML Structure"): `fc2:EFilingBatchXML` (namespace www.fincen.gov/base,
 * every element qualified) with the batch counts as attributes, then `FormTypeCode` SARX and one
 * `Activity`. In the Activity, in schema order: FilingDateText, FilingInstitutionNotetoFinCEN,
 * ActivityAssociation, the parties (transmitter 35, transmitter contact 37, filing institution 30,
 * contact office 8, financial institution where activity occurred 34, subjects 33),
 * SuspiciousActivity, Assets, ActivityNarrativeInformation (1–5 blocks of at most 4 000
 * characters). Every element of the activity carries a SeqNum unique in the batch.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { z } from 'zod';
import { fieldIssues, type FieldIssue } from '../../src-shared/errors';
import { VaultlineError } from '../errors';
import {
  classificationProblem,
  FALLBACK_CLASSIFICATION,
  FEDERAL_REGULATORS,
  ORGANIZATION_MSB,
  PARTY_ID,
  PARTY_TYPE,
  RULE_CLASSIFICATIONS,
  type FincenClassification,
} from './fincen-sar.codes';
import { requireExportable, type SarAddress, type SarReport, type SarSubject } from './sar.model';

const NS = 'www.fincen.gov/base';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** Guide, "Narrative": ActivityNarrativeText holds at most 4 000 characters, and an activity at most five of them. */
export const NARRATIVE_BLOCK_CHARS = 4000;
export const NARRATIVE_MAX_BLOCKS = 5;
export const NARRATIVE_MAX_CHARS = NARRATIVE_BLOCK_CHARS * NARRATIVE_MAX_BLOCKS;

// ─── Options: who files and how to reach them ────────────────────────────────────────────────

/** Text FinCEN accepts in a RestrictString field: no leading/trailing or repeated-line whitespace ("\S+( +\S+)*"). */
function fincenText(max: number) {
  return z
    .string()
    .transform((s) => s.trim().replace(/\s+/g, ' '))
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));
}

const digits = (min: number, max: number, what: string) =>
  z
    .string()
    .transform((s) => s.replace(/[\s().+-]/g, ''))
    .pipe(z.string().regex(new RegExp(`^[0-9]{${min},${max}}$`), `must be ${what}`));

const usAddress = z.strictObject({
  street: fincenText(100),
  city: fincenText(50),
  state: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter state code like "NY"'),
  zip: z.string().regex(/^[0-9]{5}([0-9]{4})?$/, 'must be a ZIP code of 5 or 9 digits, without a hyphen'),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code').default('US'),
});

export const fincenOptionsSchema = z.strictObject({
  /** Guide, "Transmitter" (party type 35): who sends the batch; FinCEN issued it a Transmitter Control Code. */
  transmitter: z.strictObject({
    name: fincenText(150),
    tin: digits(9, 9, 'the transmitter\'s 9-digit TIN'),
    tcc: z.string().regex(/^[A-Z0-9]{8}$/, 'must be the 8-character Transmitter Control Code FinCEN issued'),
    address: usAddress,
    phone: digits(10, 16, 'a phone number of 10 to 16 digits'),
    contactName: fincenText(150),
  }),
  /** Guide, "Filing Institution" (30) and "Financial Institution Where Activity Occurred" (34). */
  filingInstitution: z.strictObject({
    legalName: fincenText(150).optional(),
    dbaName: fincenText(150).optional(),
    tin: digits(9, 9, 'the 9-digit EIN'),
    primaryRegulator: z.enum(FEDERAL_REGULATORS).default('7'),
    address: usAddress,
  }),
  /** Guide, "Designated Contact Office" (8). */
  contactOffice: z.strictObject({
    name: fincenText(150),
    phone: digits(10, 16, 'a phone number of 10 to 16 digits'),
    extension: digits(1, 6, 'an extension of at most 6 digits').optional(),
  }),
  /** Suspicious activity categories; when absent they are suggested from the alerts' rules. */
  classifications: z
    .array(z.strictObject({ typeId: z.number().int(), subtypeId: z.number().int(), otherText: z.string().optional() }))
    .min(1)
    .max(99)
    .optional(),
  /** Field 2, at most 50 characters; FIN-2019-A003 asks for its key term on CVC-related SARs. */
  noteToFinCEN: fincenText(50).default('CVC FIN-2019-A003'),
  /** YYYY-MM-DD; the report's submission date when absent. */
  filingDate: z.iso.date('must be a date YYYY-MM-DD').optional(),
});

export type FincenOptionsInput = z.input<typeof fincenOptionsSchema>;
type FincenOptions = z.output<typeof fincenOptionsSchema>;

// ─── Narrative blocks ────────────────────────────────────────────────────────────────────────

/**
 * The narrative in blocks of at most 4 000 characters (Unicode code points, as XML counts them;
 * a surrogate pair is never cut), at most five. A block ends after the last whitespace within
 * reach when there is one in its second half, so words are not cut; whitespace stays with the
 * block it ends, so the blocks joined give back the narrative exactly. If word-friendly blocks
 * would need more than five, the text is cut at exactly 4 000 characters instead.
 */
export function splitNarrative(narrative: string): string[] {
  const chars = Array.from(narrative);
  if (chars.length === 0) throw new VaultlineError('VALIDATION', 'The narrative is empty.', { issues: [{ path: 'narrative', message: 'must not be empty' }] });
  if (chars.length > NARRATIVE_MAX_CHARS) {
    throw new VaultlineError('VALIDATION', `The narrative is too long for a FinCEN SAR: ${chars.length} characters, at most ${NARRATIVE_MAX_CHARS} (five blocks of ${NARRATIVE_BLOCK_CHARS}).`, {
      issues: [{ path: 'narrative', message: `has ${chars.length} characters; a FinCEN SAR holds at most ${NARRATIVE_MAX_CHARS}` }],
    });
  }
  const blocks: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = Math.min(start + NARRATIVE_BLOCK_CHARS, chars.length);
    if (end < chars.length) {
      let cut = end;
      while (cut > start + NARRATIVE_BLOCK_CHARS / 2 && !/\s/u.test(chars[cut - 1]!)) cut--;
      if (cut > start + NARRATIVE_BLOCK_CHARS / 2) end = cut;
    }
    blocks.push(chars.slice(start, end).join(''));
    start = end;
  }
  if (blocks.length <= NARRATIVE_MAX_BLOCKS) return blocks;
  const hard: string[] = [];
  for (let i = 0; i < chars.length; i += NARRATIVE_BLOCK_CHARS) hard.push(chars.slice(i, i + NARRATIVE_BLOCK_CHARS).join(''));
  return hard;
}

// ─── Classifications ─────────────────────────────────────────────────────────────────────────

/**
 * The categories suggested by the report's alerts (RULE_CLASSIFICATIONS), or "Other suspicious
 * activities — suspicious CVC activity". The schema allows each subtype once per activity, so
 * two "Other" texts of one category are joined.
 */
export function suggestFincenClassifications(report: SarReport): FincenClassification[] {
  const picked = report.alerts.map((a) => RULE_CLASSIFICATIONS[a.ruleId]).filter((c): c is FincenClassification => c !== undefined);
  return mergeClassifications(picked.length > 0 ? picked : [FALLBACK_CLASSIFICATION]);
}

function mergeClassifications(list: readonly FincenClassification[]): FincenClassification[] {
  const bySubtype = new Map<number, FincenClassification>();
  for (const c of list) {
    const seen = bySubtype.get(c.subtypeId);
    if (!seen) bySubtype.set(c.subtypeId, c);
    else if (c.otherText !== undefined && seen.otherText !== undefined && !seen.otherText.includes(c.otherText)) {
      bySubtype.set(c.subtypeId, { ...seen, otherText: `${seen.otherText}; ${c.otherText}`.slice(0, 50) });
    }
  }
  return [...bySubtype.values()];
}

// ─── Writing ─────────────────────────────────────────────────────────────────────────────────

/** Elements of the activity in document order, each with the next SeqNum. */
class Writer {
  private seq = 0;

  /** An element with a SeqNum (every complex element of the activity has one). */
  block(parent: XMLBuilder, name: string): XMLBuilder {
    this.seq += 1;
    return parent.ele(NS, `fc2:${name}`, { SeqNum: String(this.seq) });
  }

  /** A simple element with text. */
  text(parent: XMLBuilder, name: string, value: string): void {
    parent.ele(NS, `fc2:${name}`).txt(value);
  }

  flag(parent: XMLBuilder, name: string): void {
    this.text(parent, name, 'Y');
  }
}

/** YYYY-MM-DD or an ISO timestamp → YYYYMMDD (guide: all dates are YYYYMMDD). */
function ymd(date: string): string {
  return date.slice(0, 10).replaceAll('-', '');
}

/**
 * Guide, "Amount" fields: whole US dollars; cents are rounded up to the next dollar. From the
 * bigint cents, never through a float.
 */
export function wholeDollarsRoundedUp(cents: bigint): string {
  return ((cents + 99n) / 100n).toString();
}

/** RestrictString fields refuse leading/trailing blanks and line breaks; squeeze and cut. */
function clip(value: string, max: number): string {
  return Array.from(value.trim().replace(/\s+/g, ' ')).slice(0, max).join('');
}

function fincenAddress(w: Writer, party: XMLBuilder, a: { street: string; city: string; state?: string; zip?: string; country: string }): void {
  const node = w.block(party, 'Address');
  w.text(node, 'RawCityText', clip(a.city, 50));
  w.text(node, 'RawCountryCodeText', a.country);
  // State codes are two or three letters and exist for the US, Canada and Mexico only.
  if (a.state !== undefined && /^[A-Z]{2,3}$/.test(a.state) && ['US', 'CA', 'MX'].includes(a.country)) w.text(node, 'RawStateCodeText', a.state);
  w.text(node, 'RawStreetAddress1Text', clip(a.street, 100));
  if (a.zip !== undefined) {
    const zip = a.zip.replace(/[^0-9A-Za-z]/g, '').slice(0, 9);
    if (zip !== '') w.text(node, 'RawZIPCode', zip);
  }
}

function modelAddress(a: SarAddress): { street: string; city: string; state?: string; zip?: string; country: string } {
  return { street: a.line, city: a.city, country: a.country, ...(a.state !== undefined ? { state: a.state } : {}), ...(a.postcode !== undefined ? { zip: a.postcode } : {}) };
}

function partyName(w: Writer, party: XMLBuilder, fullName: string, code: 'L' | 'DBA' = 'L'): void {
  const node = w.block(party, 'PartyName');
  w.text(node, 'PartyNameTypeCode', code);
  w.text(node, 'RawPartyFullName', clip(fullName, 150));
}

function phone(w: Writer, party: XMLBuilder, number: string, extension?: string): void {
  const node = w.block(party, 'PhoneNumber');
  if (extension !== undefined) w.text(node, 'PhoneNumberExtensionText', extension);
  w.text(node, 'PhoneNumberText', number);
}

function identification(w: Writer, party: XMLBuilder, typeCode: string, number: string, extra: { country?: string; otherType?: string } = {}): void {
  const node = w.block(party, 'PartyIdentification');
  if (extra.country !== undefined) w.text(node, 'OtherIssuerCountryText', extra.country);
  if (extra.otherType !== undefined) w.text(node, 'OtherPartyIdentificationTypeText', clip(extra.otherType, 50));
  w.text(node, 'PartyIdentificationNumberText', clip(number, 25));
  w.text(node, 'PartyIdentificationTypeCode', typeCode);
}

function institution(w: Writer, activity: XMLBuilder, typeCode: string, report: SarReport, options: FincenOptions): void {
  const fi = options.filingInstitution;
  const party = w.block(activity, 'Party');
  w.text(party, 'ActivityPartyTypeCode', typeCode);
  // A VASP serves its customers online: no branch was involved.
  if (typeCode === PARTY_TYPE.transactionLocation) w.flag(party, 'NoBranchActivityInvolvedIndicator');
  w.text(party, 'PrimaryRegulatorTypeCode', fi.primaryRegulator);
  partyName(w, party, fi.legalName ?? report.reportingEntity.name);
  if (fi.dbaName !== undefined) partyName(w, party, fi.dbaName, 'DBA');
  fincenAddress(w, party, fi.address);
  identification(w, party, PARTY_ID.ein, fi.tin);
  // The filer's own file number for the report: the case id (guide, "Internal control/file number").
  if (typeCode === PARTY_TYPE.filingInstitution) identification(w, party, PARTY_ID.internalControlNumber, report.caseId);
  const org = w.block(party, 'OrganizationClassificationTypeSubtype');
  w.text(org, 'OrganizationTypeID', String(ORGANIZATION_MSB));
}

function subjectParty(w: Writer, activity: XMLBuilder, report: SarReport, subject: SarSubject, options: FincenOptions): void {
  const party = w.block(activity, 'Party');
  w.text(party, 'ActivityPartyTypeCode', PARTY_TYPE.subject);
  const own = report.transactions.filter((t) => t.customerId === subject.customerId);
  const sent = own.some((t) => t.direction === 'withdrawal');
  const received = own.some((t) => t.direction === 'deposit');
  // PartyType's indicators, in the schema's (alphabetical) order.
  if (sent && received) w.flag(party, 'BothPurchaserSenderPayeeReceiveIndicator');
  if (subject.kind === 'person') {
    if (subject.gender === 'female') w.flag(party, 'FemaleGenderIndicator');
    w.text(party, 'IndividualBirthDateText', ymd(subject.birthDate));
    if (subject.gender === 'male') w.flag(party, 'MaleGenderIndicator');
  } else {
    w.flag(party, 'PartyAsEntityOrganizationIndicator');
  }
  if (received && !sent) w.flag(party, 'PayeeReceiverIndicator');
  if (sent && !received) w.flag(party, 'PurchaserSenderIndicator');
  if (subject.kind === 'person' && subject.gender === 'unknown') w.flag(party, 'UnknownGenderIndicator');

  const name = w.block(party, 'PartyName');
  w.text(name, 'PartyNameTypeCode', 'L');
  if (subject.kind === 'person') {
    w.text(name, 'RawEntityIndividualLastName', clip(subject.lastName, 150));
    w.text(name, 'RawIndividualFirstName', clip(subject.firstName, 35));
    if (subject.middleName !== undefined) w.text(name, 'RawIndividualMiddleName', clip(subject.middleName, 35));
  } else {
    w.text(name, 'RawEntityIndividualLastName', clip(subject.name, 150));
  }
  for (const a of subject.addresses) fincenAddress(w, party, modelAddress(a));
  if (subject.phone !== undefined) phone(w, party, subject.phone.replace(/[^0-9]/g, '').slice(0, 16));
  if (subject.kind === 'person') {
    const doc = subject.idDocument;
    if (doc.type === 'passport') identification(w, party, PARTY_ID.passport, doc.number, { country: doc.issuingCountry });
    else if (doc.type === 'driving_licence') identification(w, party, PARTY_ID.driversLicence, doc.number, { country: doc.issuingCountry });
    else identification(w, party, PARTY_ID.other, doc.number, { country: doc.issuingCountry, otherType: doc.type === 'national_id' ? 'National identity card' : (doc.description ?? 'Identity document') });
  } else {
    identification(w, party, PARTY_ID.other, subject.incorporationNumber, { country: subject.incorporationCountry, otherType: 'Company registration number' });
  }
  // The model holds no US TIN for subjects: say so (guide, "TIN unknown").
  const tin = w.block(party, 'PartyIdentification');
  w.flag(tin, 'TINUnknownIndicator');
  const occupation = subject.kind === 'person' ? subject.occupation : subject.business;
  if (occupation !== undefined) {
    const node = w.block(party, 'PartyOccupationBusiness');
    w.text(node, 'OccupationBusinessText', clip(occupation, 50));
  }
  if (subject.email !== undefined) {
    const node = w.block(party, 'ElectronicAddress');
    w.text(node, 'ElectronicAddressText', subject.email);
    w.text(node, 'ElectronicAddressTypeCode', 'E');
  }
  // Relationship to the institution: a customer of the filer.
  const association = w.block(party, 'PartyAssociation');
  w.flag(association, 'CustomerIndicator');
  w.text(association, 'SubjectRelationshipFinancialInstitutionTINText', options.filingInstitution.tin);
}

/**
 * Identifiers and names FinCEN's fields are too short for. They are refused, never cut: a
 * truncated name or case number would point the FIU at someone else.
 */
function fitIssues(report: SarReport): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const longer = (path: string, value: string | undefined, max: number, field: string): void => {
    if (value !== undefined && Array.from(value).length > max) issues.push({ path, message: `holds at most ${max} characters in a FinCEN SAR (${field})` });
  };
  longer('caseId', report.caseId, 25, 'internal control/file number');
  report.subjects.forEach((s, i) => {
    if (s.kind === 'person') {
      longer(`subjects.${i}.firstName`, s.firstName, 35, 'RawIndividualFirstName');
      longer(`subjects.${i}.middleName`, s.middleName, 35, 'RawIndividualMiddleName');
    } else {
      longer(`subjects.${i}.incorporationNumber`, s.incorporationNumber, 25, 'PartyIdentificationNumberText');
    }
    s.addresses.forEach((a, j) => longer(`subjects.${i}.addresses.${j}.city`, a.city, 50, 'RawCityText'));
  });
  return issues;
}

function parseOptions(input: unknown): FincenOptions {
  const result = fincenOptionsSchema.safeParse(input);
  if (!result.success) throw new VaultlineError('VALIDATION', 'The FinCEN filing details are incomplete or invalid; see the fields listed.', { issues: fieldIssues(result.error, 'fincen') });
  const issues = (result.data.classifications ?? []).flatMap((c, i) => {
    const problem = classificationProblem(c);
    return problem === null ? [] : [{ path: `fincen.classifications.${i}`, message: problem }];
  });
  if (issues.length > 0) throw new VaultlineError('VALIDATION', 'A suspicious activity category is not one FinCEN accepts.', { issues });
  return result.data;
}

/**
 * The approved report as a FinCEN SAR XML batch (UTF-8 text), or VALIDATION: an unapproved
 * report, invalid filing details, an unknown category, or a narrative over 20 000 characters.
 */
export function exportFincenSarXml(report: SarReport, optionsInput: FincenOptionsInput): string {
  requireExportable(report, 'FinCEN SAR XML');
  const options = parseOptions(optionsInput);
  const fit = fitIssues(report);
  if (fit.length > 0) throw new VaultlineError('VALIDATION', 'Some of the report does not fit the FinCEN SAR fields; see the fields listed.', { issues: fit });
  const blocks = splitNarrative(report.narrative);
  const classifications = mergeClassifications(options.classifications ?? suggestFincenClassifications(report));
  const totalCents = report.transactions.reduce((sum, t) => sum + t.usdCents, 0n);
  const total = wholeDollarsRoundedUp(totalCents);
  const days = report.transactions.map((t) => t.at.slice(0, 10)).sort();

  const w = new Writer();
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  // Guide, "EFilingBatchXML": the batch counts. PartyCount counts the subjects (party type 33);
  // TotalAmount adds the activities' TotalSuspiciousAmountText.
  const root = doc.ele(NS, 'fc2:EFilingBatchXML', {
    'xmlns:xsi': XSI,
    'xsi:schemaLocation': `${NS} https://www.fincen.gov/base https://www.fincen.gov/base/EFL_SARXBatchSchema.xsd`,
    ActivityAttachmentCount: '0',
    AttachmentCount: '0',
    ActivityCount: '1',
    PartyCount: String(report.subjects.length),
    TotalAmount: total,
  });
  w.text(root, 'FormTypeCode', 'SARX');
  const activity = w.block(root, 'Activity');
  w.text(activity, 'FilingDateText', ymd(options.filingDate ?? report.submissionDate));
  w.text(activity, 'FilingInstitutionNotetoFinCEN', options.noteToFinCEN);
  // Guide, "Type of filing": an initial report (continuing and corrected reports need the prior BSA ID).
  w.flag(w.block(activity, 'ActivityAssociation'), 'InitialReportIndicator');

  // Guide, "Transmitter" and "Transmitter Contact".
  const transmitter = w.block(activity, 'Party');
  w.text(transmitter, 'ActivityPartyTypeCode', PARTY_TYPE.transmitter);
  partyName(w, transmitter, options.transmitter.name);
  fincenAddress(w, transmitter, options.transmitter.address);
  phone(w, transmitter, options.transmitter.phone);
  identification(w, transmitter, PARTY_ID.tin, options.transmitter.tin);
  identification(w, transmitter, PARTY_ID.tcc, options.transmitter.tcc);
  const contact = w.block(activity, 'Party');
  w.text(contact, 'ActivityPartyTypeCode', PARTY_TYPE.transmitterContact);
  partyName(w, contact, options.transmitter.contactName);

  institution(w, activity, PARTY_TYPE.filingInstitution, report, options);
  // Guide, "Designated Contact Office".
  const office = w.block(activity, 'Party');
  w.text(office, 'ActivityPartyTypeCode', PARTY_TYPE.contactOffice);
  partyName(w, office, options.contactOffice.name);
  phone(w, office, options.contactOffice.phone, options.contactOffice.extension);
  institution(w, activity, PARTY_TYPE.transactionLocation, report, options);
  for (const subject of report.subjects) subjectParty(w, activity, report, subject, options);

  // Guide, "Suspicious Activity Information": dates, amount, categories.
  const suspicious = w.block(activity, 'SuspiciousActivity');
  w.text(suspicious, 'SuspiciousActivityFromDateText', ymd(days[0]!));
  w.text(suspicious, 'SuspiciousActivityToDateText', ymd(days[days.length - 1]!));
  w.text(suspicious, 'TotalSuspiciousAmountText', total);
  for (const c of classifications) {
    const node = w.block(suspicious, 'SuspiciousActivityClassification');
    if (c.otherText !== undefined) w.text(node, 'OtherSuspiciousActivityTypeText', clip(c.otherText, 50));
    w.text(node, 'SuspiciousActivitySubtypeID', String(c.subtypeId));
    w.text(node, 'SuspiciousActivityTypeID', String(c.typeId));
  }
  // Guide, "Instrument type(s)/payment mechanism(s)": there is no CVC code; "Other" (41) with the assets.
  const assets = w.block(activity, 'Assets');
  w.text(assets, 'AssetSubtypeID', '41');
  w.text(assets, 'AssetTypeID', '6');
  w.text(assets, 'OtherAssetSubtypeText', clip(`Virtual currency: ${[...new Set(report.transactions.map((t) => t.asset.symbol))].join(', ')}`, 50));

  // Guide, "Narrative": up to five blocks, numbered 1–5.
  blocks.forEach((text, i) => {
    const node = w.block(activity, 'ActivityNarrativeInformation');
    w.text(node, 'ActivityNarrativeSequenceNumber', String(i + 1));
    w.text(node, 'ActivityNarrativeText', text);
  });
  return doc.end({ prettyPrint: true });
}
