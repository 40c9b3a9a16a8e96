/**
 * FinCEN SAR codes, as the FinCEN SAR XML batch schema (EFL_SARXBatchSchema, version 1.2 of
 * 2021-12-17) enumerates them and the FinCEN SAR XML User Guide describes them: suspicious
 * activity categories (form items 29–40 "Suspicious activity information") and their subtypes,
 * federal regulator codes, party identification types.
 *
 * FinCEN has no dedicated virtual-currency category. Its advisory FIN-2019-A003 ("Illicit Activity
 * Involving Convertible Virtual Currency") asks filers to put the key term "CVC FIN-2019-A003" in
 * field 2 (Filing Institution Note to FinCEN) and in the narrative, to pick the category that fits
 * the activity and to give the CVC addresses and transaction hashes in the narrative; that is what
 * the export does.
 */

/** Suspicious activity category (SuspiciousActivityTypeID) → its subtypes (SuspiciousActivitySubtypeID). Each "x999" is "Other", which needs a text. */
export const SUSPICIOUS_ACTIVITY_SUBTYPES: Readonly<Record<number, { readonly name: string; readonly subtypes: readonly number[]; readonly other: number }>> = {
  1: { name: 'Structuring', subtypes: [106, 111, 112, 113, 114], other: 1999 },
  3: { name: 'Fraud', subtypes: [301, 304, 305, 308, 309, 310, 312, 320, 321, 322, 323, 324, 325], other: 3999 },
  4: { name: 'Identification/Documentation', subtypes: [401, 402, 403, 404, 405, 409], other: 4999 },
  5: { name: 'Insurance', subtypes: [501, 502, 504, 505, 506, 507], other: 5999 },
  6: { name: 'Securities/Futures/Options', subtypes: [601, 603, 604, 608, 609], other: 6999 },
  7: { name: 'Terrorist financing', subtypes: [701], other: 7999 },
  8: { name: 'Money laundering', subtypes: [801, 804, 805, 806, 807, 808, 809, 812, 820, 821, 822, 823, 824], other: 8999 },
  9: { name: 'Other suspicious activities', subtypes: [901, 903, 904, 905, 907, 908, 909, 910, 911, 913, 917, 920, 921, 922, 924, 925, 926, 927, 928], other: 9999 },
  10: { name: 'Mortgage fraud', subtypes: [1001, 1003, 1005, 1006, 1007], other: 10999 },
  11: { name: 'Cyber event', subtypes: [1101, 1102], other: 11999 },
  12: { name: 'Gaming activities', subtypes: [1201, 1202, 1203, 1204], other: 12999 },
};

export interface FincenClassification {
  readonly typeId: number;
  readonly subtypeId: number;
  /** Required for an "Other" subtype (x999), at most 50 characters. */
  readonly otherText?: string;
}

/** Why a classification is not one FinCEN accepts, or null. */
export function classificationProblem(c: FincenClassification): string | null {
  const type = SUSPICIOUS_ACTIVITY_SUBTYPES[c.typeId];
  if (!type) return `${c.typeId} is not a FinCEN suspicious activity category`;
  const isOther = c.subtypeId === type.other;
  if (!isOther && !type.subtypes.includes(c.subtypeId)) return `${c.subtypeId} is not a subtype of category ${c.typeId} (${type.name})`;
  if (isOther && (c.otherText === undefined || c.otherText.trim() === '')) return `subtype ${c.subtypeId} is "Other" and needs a text saying what the activity is`;
  if (!isOther && c.otherText !== undefined) return `a text is only given with the "Other" subtype ${type.other}`;
  if (c.otherText !== undefined && c.otherText.length > 50) return 'the "Other" text holds at most 50 characters';
  return null;
}

/**
 * What each default monitoring rule (resources/monitoring/default-rules.json) suggests. The
 * analyst reviews the suggestion; a rule without an entry suggests nothing on its own.
 */
export const RULE_CLASSIFICATIONS: Readonly<Record<string, FincenClassification>> = {
  // The rule watches transfers just below 3 000 USD, the BSA recordkeeping threshold for funds
  // transfers: "Transaction(s) below BSA recordkeeping threshold".
  structuring: { typeId: 1, subtypeId: 113 },
  'sanctions-match': { typeId: 9, subtypeId: 9999, otherText: 'CVC transfer with OFAC-sanctioned address' },
  'mixer-interaction': { typeId: 8, subtypeId: 8999, otherText: 'CVC mixer or tumbler' },
  'high-risk-jurisdiction': { typeId: 9, subtypeId: 928 },
  'rapid-round-trip': { typeId: 9, subtypeId: 925 },
  'rapid-succession': { typeId: 8, subtypeId: 812 },
  'behavioural-spike': { typeId: 8, subtypeId: 812 },
  'mule-pattern': { typeId: 8, subtypeId: 824 },
  'pep-counterparty': { typeId: 9, subtypeId: 9999, otherText: 'CVC transfers with a PEP counterparty' },
};

/** Used when nothing else classifies the activity. */
export const FALLBACK_CLASSIFICATION: FincenClassification = { typeId: 9, subtypeId: 9999, otherText: 'Suspicious convertible virtual currency activity' };

/** Federal regulator codes (PrimaryRegulatorTypeCode). An MSB's BSA examiner is the IRS (7). */
export const FEDERAL_REGULATORS = ['1', '2', '3', '4', '6', '7', '9', '13', '99'] as const;

/** PartyIdentificationTypeCode values the export writes. */
export const PARTY_ID = { ssnItin: '1', ein: '2', tin: '4', driversLicence: '5', passport: '6', foreign: '9', tcc: '28', internalControlNumber: '29', other: '999' } as const;

/** ActivityPartyTypeCode values (SAR). */
export const PARTY_TYPE = { transmitter: '35', transmitterContact: '37', filingInstitution: '30', contactOffice: '8', transactionLocation: '34', subject: '33' } as const;

/** OrganizationTypeID: Money Services Business — where FinCEN places CVC exchangers and custodians that transmit. */
export const ORGANIZATION_MSB = 4;
