/**
 * The SAR/STR as a goAML report (UNODC goAML XML, schema 5.0.x: un-namespaced, root `report`).
 * Built as a document with xmlbuilder2 (never by concatenating strings), then validated against
 * the FIU's XSD; a report that does not validate is refused with libxml2's messages and nothing
 * is returned.
 *
 * Shape (goAML schema, element `report`): the reporting entity and person, the report code (STR or
 * SAR), the case as `entity_reference`, the narrative as `reason`, the action taken, one
 * `transaction` per transfer and the report indicators. Each transaction has our customer on one
 * side as "my client" (`t_from_my_client` for a withdrawal, `t_to_my_client` for a deposit) and
 * the counterparty wallet on the other (`t_to` / `t_from`) as an account: goAML has no wallet
 * element, and an account (institution = the counterparty's VASP, account number = the address)
 * is how the address travels as a searchable identifier.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { formatAmount } from '../../src-shared/money';
import { VaultlineError } from '../errors';
import { UAE_GOAML_5_0_2, type GoamlProfile } from './goaml.profile';
import { validateAgainstXsd } from './goaml.schema';
import {
  formatUsdCents,
  requireExportable,
  subjectName,
  subjectOf,
  type SarAddress,
  type SarEntitySubject,
  type SarPersonSubject,
  type SarReport,
  type SarSubject,
  type SarTransaction,
} from './sar.model';

/** goAML `comments_type` (reason, action, descriptions) holds at most 8 000 characters. */
const COMMENTS_MAX = 8000;
/** goAML `sql_decimal` allows at most 13 fraction digits. */
const SQL_DECIMAL_FRACTION_DIGITS = 13;

/** goAML `sql_date` is an xs:dateTime without a zone; we write UTC. */
function sqlDate(isoOrDate: string): string {
  return isoOrDate.length === 10 ? `${isoOrDate}T00:00:00` : isoOrDate.slice(0, 19);
}

/**
 * goAML name fields accept only `[a-zA-Z0-9 .'-]` (the schema's name pattern). Accents are dropped
 * the way machine-readable travel documents drop them (é → e, ü → u); any other character stays,
 * so a name in another script makes validation refuse the report instead of being silently
 * rewritten.
 */
function latinName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}+/gu, '');
}

function el(parent: XMLBuilder, name: string, value: string | number | boolean): XMLBuilder {
  parent.ele(name).txt(String(value));
  return parent;
}

function opt(parent: XMLBuilder, name: string, value: string | undefined): void {
  if (value !== undefined) el(parent, name, value);
}

/** t_address: address_type from the FIU's contact_type table. `state` is required by this schema. */
function addressNode(parent: XMLBuilder, name: string, a: SarAddress, type: string, unknown: string): void {
  const node = parent.ele(name);
  el(node, 'address_type', type);
  el(node, 'address', a.line);
  el(node, 'city', a.city);
  opt(node, 'zip', a.postcode);
  el(node, 'country_code', a.country);
  el(node, 'state', a.state ?? unknown);
}

function phoneNode(parent: XMLBuilder, phone: string, contactType: string): void {
  const node = parent.ele('phone');
  el(node, 'tph_contact_type', contactType);
  el(node, 'tph_communication_type', '-');
  el(node, 'tph_number', phone);
}

/** t_person_my_client, in the schema's sequence order. */
function personMyClient(parent: XMLBuilder, name: string, p: SarPersonSubject, profile: GoamlProfile): void {
  const node = parent.ele(name);
  el(node, 'gender', p.gender === 'male' ? 'M' : p.gender === 'female' ? 'F' : '-');
  el(node, 'first_name', latinName(p.firstName));
  opt(node, 'middle_name', p.middleName === undefined ? undefined : latinName(p.middleName));
  el(node, 'last_name', latinName(p.lastName));
  el(node, 'birthdate', sqlDate(p.birthDate));
  const doc = p.idDocument;
  if (doc.type === 'passport') {
    el(node, 'passport_number', doc.number);
    el(node, 'passport_country', doc.issuingCountry);
  }
  // id_number is required (possibly empty): the national identity number, when that is the document.
  el(node, 'id_number', doc.type === 'national_id' ? doc.number : '');
  p.nationalities.forEach((n, i) => el(node, `nationality${i + 1}`, n));
  el(node, 'residence', p.residence);
  const phones = node.ele('phones');
  if (p.phone !== undefined) phoneNode(phones, p.phone, 'PRSNL');
  const addresses = node.ele('addresses');
  for (const a of p.addresses) addressNode(addresses, 'address', a, 'RES', profile.unknown);
  opt(node, 'email', p.email);
  opt(node, 'occupation', p.occupation);
  const id = node.ele('identification');
  el(id, 'type', profile.identifierType(doc));
  el(id, 'number', doc.number);
  el(id, 'issue_date', sqlDate(doc.issueDate));
  el(id, 'expiry_date', sqlDate(doc.expiryDate));
  el(id, 'issue_country', doc.issuingCountry);
  if (doc.type === 'other' && doc.description !== undefined) el(id, 'comments', doc.description);
  el(node, 'tax_reg_number', profile.taxRegNumber);
  el(node, 'comments', `Customer ${p.customerId}`);
}

/** t_entity_my_client; beneficial owners as `director_id` (t_person) with role UBO. */
function entityMyClient(parent: XMLBuilder, name: string, e: SarEntitySubject, profile: GoamlProfile): void {
  const node = parent.ele(name);
  el(node, 'name', latinName(e.name));
  el(node, 'incorporation_legal_form', e.legalFormCode ?? profile.unknown);
  el(node, 'incorporation_number', e.incorporationNumber);
  el(node, 'business', e.business);
  const phones = node.ele('phones');
  if (e.phone !== undefined) phoneNode(phones, e.phone, 'BU');
  const addresses = node.ele('addresses');
  for (const a of e.addresses) addressNode(addresses, 'address', a, 'REG', profile.unknown);
  opt(node, 'email', e.email);
  el(node, 'incorporation_state', e.incorporationState ?? '');
  el(node, 'incorporation_country_code', e.incorporationCountry);
  for (const o of e.beneficialOwners) {
    const d = node.ele('director_id');
    el(d, 'first_name', latinName(o.firstName));
    el(d, 'last_name', latinName(o.lastName));
    if (o.birthDate !== undefined) el(d, 'birthdate', sqlDate(o.birthDate));
    if (o.nationality !== undefined) el(d, 'nationality1', o.nationality);
    if (o.ownershipPercent !== undefined) el(d, 'comments', `Ownership ${o.ownershipPercent} %`);
    el(d, 'role', 'UBO');
  }
  el(node, 'incorporation_date', sqlDate(e.incorporationDate));
  el(node, 'tax_reg_number', profile.taxRegNumber);
  el(node, 'comments', `Customer ${e.customerId}`);
}

function clientCountry(s: SarSubject): string {
  return s.kind === 'person' ? s.residence : s.incorporationCountry;
}

/**
 * The crypto amount in the FIU's currency code, when it has one for the asset and the exact
 * amount fits `sql_decimal` (13 fraction digits; wei amounts often do not). Never rounded: when it
 * does not fit, the exact amount is in the funds comment and the description only.
 */
function foreignCurrency(parent: XMLBuilder, name: string, tx: SarTransaction, profile: GoamlProfile): void {
  const code = profile.currencyCodes[tx.asset.symbol];
  const amount = formatAmount(tx.amountMinor, tx.asset.decimals);
  if (code === undefined || (amount.split('.')[1]?.length ?? 0) > SQL_DECIMAL_FRACTION_DIGITS) return;
  const node = parent.ele(name);
  el(node, 'foreign_currency_code', code);
  el(node, 'foreign_amount', amount);
}

function assetAmount(tx: SarTransaction): string {
  return `${formatAmount(tx.amountMinor, tx.asset.decimals)} ${tx.asset.symbol}`;
}

/** Our customer's side of the transfer. */
function myClientSide(parent: XMLBuilder, side: 'from' | 'to', report: SarReport, tx: SarTransaction, profile: GoamlProfile): void {
  const subject = subjectOf(report, tx);
  const node = parent.ele(side === 'from' ? 't_from_my_client' : 't_to_my_client');
  el(node, `${side}_funds_code`, profile.fundsCode);
  el(node, `${side}_funds_comment`, `${assetAmount(tx)} on ${tx.asset.network}, ${side === 'from' ? 'sent from' : 'received at'} our wallet ${tx.ourAddress}`.slice(0, 255));
  foreignCurrency(node, `${side}_foreign_currency`, tx, profile);
  if (subject.kind === 'person') personMyClient(node, `${side}_person`, subject, profile);
  else entityMyClient(node, `${side}_entity`, subject, profile);
  el(node, `${side}_country`, clientCountry(subject));
}

/** The counterparty's wallet, as a t_account at its VASP (or unhosted). */
function counterpartySide(parent: XMLBuilder, side: 'from' | 'to', tx: SarTransaction, profile: GoamlProfile): void {
  const vasp = tx.counterpartyVasp;
  const node = parent.ele(side === 'from' ? 't_from' : 't_to');
  el(node, `${side}_funds_code`, profile.fundsCode);
  el(
    node,
    `${side}_funds_comment`,
    (vasp ? `Wallet at ${vasp.name}${vasp.country ? ` (${vasp.country})` : ''}` : 'Unhosted or unidentified wallet') + `: ${tx.counterpartyAddress}`,
  );
  foreignCurrency(node, `${side}_foreign_currency`, tx, profile);
  const account = node.ele(`${side}_account`);
  if (vasp) el(account, 'institution_name', vasp.name);
  // institution_code or swift is required; a wallet has no SWIFT code.
  el(account, 'institution_code', (vasp ? (vasp.identifier ?? vasp.name) : 'UNHOSTED WALLET').slice(0, 50));
  el(account, 'non_bank_institution', true);
  el(account, 'account', tx.counterpartyAddress);
  const code = profile.currencyCodes[tx.asset.symbol];
  if (code !== undefined) el(account, 'currency_code', code);
  el(account, 'account_name', 'Unknown');
  el(account, 'comments', `${tx.asset.network} address; holder not identified by the reporting entity`);
  el(node, `${side}_country`, vasp?.country ?? profile.unknown);
}

function description(tx: SarTransaction): string {
  const [from, to] = tx.direction === 'deposit' ? [tx.counterpartyAddress, tx.ourAddress] : [tx.ourAddress, tx.counterpartyAddress];
  return (
    `${tx.direction === 'deposit' ? 'Deposit' : 'Withdrawal'} of ${assetAmount(tx)} (${tx.asset.network}) from ${from} to ${to}; ` +
    `value ${formatUsdCents(tx.usdCents)} USD at ${tx.at}; transaction hash ${tx.txHash}` +
    (tx.counterpartyVasp ? `; counterparty VASP ${tx.counterpartyVasp.name}` : '; counterparty wallet unhosted or unidentified')
  );
}

function transactionNode(root: XMLBuilder, report: SarReport, tx: SarTransaction, profile: GoamlProfile): void {
  const node = root.ele('transaction');
  el(node, 'transactionnumber', tx.txHash);
  el(node, 'internal_ref_number', tx.id);
  el(node, 'transaction_location', `${report.reportingEntity.name}, online custody platform`.slice(0, 255));
  el(node, 'transaction_description', description(tx));
  el(node, 'date_transaction', sqlDate(tx.at));
  // On-chain transfers are booked when confirmed; none of them is a late deposit.
  el(node, 'late_deposit', false);
  el(node, 'transmode_code', profile.transmodeCode);
  el(node, 'transmode_comment', profile.transmodeComment);
  el(node, 'amount_local', formatUsdCents(tx.usdCents));
  if (tx.direction === 'withdrawal') {
    myClientSide(node, 'from', report, tx, profile);
    counterpartySide(node, 'to', tx, profile);
  } else {
    counterpartySide(node, 'from', tx, profile);
    myClientSide(node, 'to', report, tx, profile);
  }
  el(node, 'comments', `Subject: ${subjectName(subjectOf(report, tx))} (customer ${tx.customerId})`);
}

/** The goAML XML text of `report`, not yet validated. Exposed for tests of the refusal path. */
export function buildGoamlXml(report: SarReport, profile: GoamlProfile = UAE_GOAML_5_0_2): string {
  const entity = report.reportingEntity;
  const person = entity.reportingPerson;
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('report');
  el(root, 'rentity_id', entity.rentityId);
  opt(root, 'rentity_branch', entity.branch);
  el(root, 'submission_code', 'E'); // electronic
  el(root, 'report_code', report.kind);
  el(root, 'entity_reference', report.caseId);
  el(root, 'submission_date', sqlDate(report.submissionDate));
  el(root, 'currency_code_local', report.localCurrency);
  const rp = root.ele('reporting_person');
  el(rp, 'first_name', latinName(person.firstName));
  el(rp, 'last_name', latinName(person.lastName));
  phoneNode(rp.ele('phones'), person.phone, 'BU');
  addressNode(rp.ele('addresses'), 'address', person.address, 'BU', profile.unknown);
  el(rp, 'email', person.email);
  el(rp, 'occupation', person.title);
  el(root, 'reason', report.narrative);
  el(root, 'action', report.actionTaken);
  for (const tx of report.transactions) transactionNode(root, report, tx, profile);
  const indicators = root.ele('report_indicators');
  for (const code of report.indicators) el(indicators, 'indicator', code);
  return root.end({ prettyPrint: true });
}

/**
 * The approved report as goAML XML that validates against `profile.xsd`, or VALIDATION: an
 * unapproved report, a narrative or action longer than goAML's 8 000 characters, or libxml2's
 * messages (one field issue each, path `goaml.<element>`).
 */
export async function exportGoamlXml(report: SarReport, profile: GoamlProfile = UAE_GOAML_5_0_2): Promise<string> {
  requireExportable(report, 'goAML XML');
  const tooLong = [
    ...([...report.narrative].length > COMMENTS_MAX ? [{ path: 'narrative', message: `goAML's reason field holds at most ${COMMENTS_MAX} characters` }] : []),
    ...([...report.actionTaken].length > COMMENTS_MAX ? [{ path: 'actionTaken', message: `goAML's action field holds at most ${COMMENTS_MAX} characters` }] : []),
  ];
  if (tooLong.length > 0) throw new VaultlineError('VALIDATION', 'The report does not fit goAML; see the fields listed.', { issues: tooLong });
  const xml = buildGoamlXml(report, profile);
  const problems = await validateAgainstXsd(xml, profile.xsd);
  if (problems.length > 0) {
    throw new VaultlineError('VALIDATION', `The goAML report does not validate against the ${profile.name} schema; nothing was exported.`, {
      issues: problems.slice(0, 20).map((p) => ({ path: p.element ? `goaml.${p.element}` : 'goaml', message: p.line !== null ? `line ${p.line}: ${p.message}` : p.message })),
      detail: problems.map((p) => p.message).join('\n'),
    });
  }
  return xml;
}
