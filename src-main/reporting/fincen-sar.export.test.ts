import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VaultlineError } from '../errors';
import { exportFincenSarXml, NARRATIVE_BLOCK_CHARS, splitNarrative, suggestFincenClassifications, wholeDollarsRoundedUp, type FincenOptionsInput } from './fincen-sar.export';
import { SANCTIONED_ETH_ADDRESS, strDraft } from './sar.fixture';
import { parseSarDraft, type SarReport } from './sar.model';
import { child, children, parseXml, textOf, type XmlNode } from './xml-tree.fixture';

const OPTIONS: FincenOptionsInput = {
  transmitter: {
    name: 'Vaultline Custody US LLC',
    tin: '12-3456789',
    tcc: 'PBSA1234',
    address: { street: '100 Pine Street, Suite 1200', city: 'San Francisco', state: 'CA', zip: '94111' },
    phone: '(415) 555-0100',
    contactName: 'Amira Haddad',
  },
  filingInstitution: { tin: '123456789', address: { street: '100 Pine Street, Suite 1200', city: 'San Francisco', state: 'CA', zip: '94111' } },
  contactOffice: { name: 'BSA/AML Compliance Office', phone: '4155550101', extension: '12' },
};

function refusal(run: () => unknown): VaultlineError {
  try {
    run();
  } catch (error) {
    if (error instanceof VaultlineError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const report = (): SarReport => parseSarDraft(strDraft());
const codePoints = (s: string): number => Array.from(s).length;

describe('FinCEN SAR XML export', () => {
  it('writes an EFilingBatchXML batch with the activity, its six kinds of party, the suspicious activity and the narrative, in schema order', () => {
    const r = report();
    const root = parseXml(exportFincenSarXml(r, OPTIONS));
    expect(root.name).toBe('EFilingBatchXML');
    // 2850.00 + 2975.25 + 2910.50 + 12345.67 = 21081.42 USD → 21082 whole dollars, rounded up.
    expect(root.attributes).toEqual(
      expect.objectContaining({ ActivityCount: '1', PartyCount: '1', TotalAmount: '21082', ActivityAttachmentCount: '0', AttachmentCount: '0' }),
    );
    expect(root.children.map((c) => c.name)).toEqual(['FormTypeCode', 'Activity']);
    expect(textOf(root, 'FormTypeCode')).toBe('SARX');

    const activity = child(root, 'Activity');
    const order = activity.children.map((c) => c.name);
    expect(order).toEqual([
      'FilingDateText',
      'FilingInstitutionNotetoFinCEN',
      'ActivityAssociation',
      'Party',
      'Party',
      'Party',
      'Party',
      'Party',
      'Party',
      'SuspiciousActivity',
      'Assets',
      'ActivityNarrativeInformation',
    ]);
    expect(textOf(activity, 'FilingDateText')).toBe('20261105');
    expect(textOf(activity, 'FilingInstitutionNotetoFinCEN')).toBe('CVC FIN-2019-A003');
    expect(textOf(child(activity, 'ActivityAssociation'), 'InitialReportIndicator')).toBe('Y');

    const parties = children(activity, 'Party');
    expect(parties.map((p) => textOf(p, 'ActivityPartyTypeCode'))).toEqual(['35', '37', '30', '8', '34', '33']);
    const [transmitter, , filer, office, location, subject] = parties as [XmlNode, XmlNode, XmlNode, XmlNode, XmlNode, XmlNode];
    const ids = (p: XmlNode) => children(p, 'PartyIdentification').map((i) => [textOf(i, 'PartyIdentificationTypeCode'), textOf(i, 'PartyIdentificationNumberText')]);
    expect(ids(transmitter)).toEqual([
      ['4', '123456789'],
      ['28', 'PBSA1234'],
    ]);
    expect(textOf(child(transmitter, 'PhoneNumber'), 'PhoneNumberText')).toBe('4155550100');
    expect(textOf(filer, 'PrimaryRegulatorTypeCode')).toBe('7'); // IRS examines MSBs
    expect(textOf(child(filer, 'PartyName'), 'RawPartyFullName')).toBe('Vaultline Custody FZE');
    expect(ids(filer)).toEqual([
      ['2', '123456789'],
      ['29', 'CASE-2026-0042'],
    ]);
    expect(textOf(child(filer, 'OrganizationClassificationTypeSubtype'), 'OrganizationTypeID')).toBe('4');
    expect(child(office, 'PhoneNumber').children.map((c) => c.name)).toEqual(['PhoneNumberExtensionText', 'PhoneNumberText']);
    expect(textOf(location, 'NoBranchActivityInvolvedIndicator')).toBe('Y');

    // The subject: indicators first (schema order), then name, address, phone, ids, occupation, e-mail, relationship.
    expect(subject.children.map((c) => c.name)).toEqual([
      'ActivityPartyTypeCode',
      'BothPurchaserSenderPayeeReceiveIndicator',
      'IndividualBirthDateText',
      'MaleGenderIndicator',
      'PartyName',
      'Address',
      'PhoneNumber',
      'PartyIdentification',
      'PartyIdentification',
      'PartyOccupationBusiness',
      'ElectronicAddress',
      'PartyAssociation',
    ]);
    expect(textOf(subject, 'IndividualBirthDateText')).toBe('19840719');
    const name = child(subject, 'PartyName');
    expect([textOf(name, 'PartyNameTypeCode'), textOf(name, 'RawEntityIndividualLastName'), textOf(name, 'RawIndividualFirstName')]).toEqual(['L', 'Brenner', 'Jörg']);
    const address = child(subject, 'Address');
    expect(address.children.map((c) => c.name)).toEqual(['RawCityText', 'RawCountryCodeText', 'RawStreetAddress1Text']); // no US state for Dubai
    const passport = children(subject, 'PartyIdentification')[0]!;
    expect([textOf(passport, 'OtherIssuerCountryText'), textOf(passport, 'PartyIdentificationNumberText'), textOf(passport, 'PartyIdentificationTypeCode')]).toEqual(['DE', 'C01X00T47', '6']);
    expect(textOf(children(subject, 'PartyIdentification')[1]!, 'TINUnknownIndicator')).toBe('Y');
    expect(textOf(child(subject, 'PartyAssociation'), 'CustomerIndicator')).toBe('Y');

    const suspicious = child(activity, 'SuspiciousActivity');
    expect(textOf(suspicious, 'SuspiciousActivityFromDateText')).toBe('20261102');
    expect(textOf(suspicious, 'SuspiciousActivityToDateText')).toBe('20261103');
    expect(textOf(suspicious, 'TotalSuspiciousAmountText')).toBe('21082');
    const classifications = children(suspicious, 'SuspiciousActivityClassification').map((c) => c.children.map((e) => e.text));
    expect(classifications).toEqual([
      ['113', '1'], // structuring: below the BSA recordkeeping threshold
      ['CVC transfer with OFAC-sanctioned address', '9999', '9'], // other suspicious activities: other
    ]);
    expect(child(activity, 'Assets').children.map((c) => c.text)).toEqual(['41', '6', 'Virtual currency: ETH, BTC']);

    const narrative = children(activity, 'ActivityNarrativeInformation');
    expect(narrative).toHaveLength(1);
    expect(textOf(narrative[0]!, 'ActivityNarrativeSequenceNumber')).toBe('1');
    expect(textOf(narrative[0]!, 'ActivityNarrativeText')).toBe(r.narrative);
    expect(textOf(narrative[0]!, 'ActivityNarrativeText')).toContain(SANCTIONED_ETH_ADDRESS);

    // Every SeqNum is unique in the batch (the schema's Unique-SeqNum).
    const seqs: string[] = [];
    const walk = (n: XmlNode): void => {
      if (n.attributes.SeqNum !== undefined) seqs.push(n.attributes.SeqNum);
      n.children.forEach(walk);
    };
    walk(root);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.length).toBeGreaterThan(30);
  });

  it('splits a long narrative into numbered blocks of at most 4 000 characters that reassemble exactly', () => {
    const words = Array.from({ length: 2200 }, (_, i) => `word${i}${i % 17 === 0 ? '\n' : ' '}`).join('');
    const narrative = `${words}0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2`;
    const r = parseSarDraft({ ...strDraft(), narrative });
    const activity = child(parseXml(exportFincenSarXml(r, OPTIONS)), 'Activity');
    const blocks = children(activity, 'ActivityNarrativeInformation');
    expect(blocks.length).toBeGreaterThan(1);
    expect(blocks.map((b) => textOf(b, 'ActivityNarrativeSequenceNumber'))).toEqual(blocks.map((_, i) => String(i + 1)));
    const texts = blocks.map((b) => textOf(b, 'ActivityNarrativeText'));
    for (const t of texts) expect(codePoints(t)).toBeLessThanOrEqual(NARRATIVE_BLOCK_CHARS);
    expect(texts.join('')).toBe(r.narrative);
    // Blocks end at whitespace: no word is cut in two.
    for (const t of texts.slice(0, -1)) expect(t).toMatch(/\s$/u);
  });

  it('never loses or duplicates a character at a block boundary (any text up to 20 000 characters)', () => {
    const piece = fc.constantFrom('a', 'é', ' ', '\n', '😀', 'word ', 'x'.repeat(50), '\t');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 1500 }), fc.integer({ min: 0, max: 3 }), (parts, repeat) => {
        let text = parts.join('');
        for (let i = 0; i < repeat; i++) text += text;
        text = Array.from(text).slice(0, 20_000).join('');
        const blocks = splitNarrative(text);
        expect(blocks.join('')).toBe(text);
        expect(blocks.length).toBeLessThanOrEqual(5);
        for (const b of blocks) {
          expect(codePoints(b)).toBeGreaterThan(0);
          expect(codePoints(b)).toBeLessThanOrEqual(NARRATIVE_BLOCK_CHARS);
          expect(b).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/); // no surrogate pair cut
        }
      }),
      { numRuns: 150 },
    );
    // 20 000 characters without a single space: exactly five hard-cut blocks.
    expect(splitNarrative('y'.repeat(20_000)).map((b) => b.length)).toEqual([4000, 4000, 4000, 4000, 4000]);
    // Words of 3 000 characters would need more than five word-friendly blocks: cut at 4 000 instead.
    const longWords = Array.from({ length: 6 }, () => `${'z'.repeat(2999)} `).join('').slice(0, 18_000);
    expect(splitNarrative(longWords)).toHaveLength(5);
  });

  it('refuses a narrative over 20 000 characters with a clear error', () => {
    const r = parseSarDraft({ ...strDraft(), narrative: 'n'.repeat(20_000) });
    expect(() => exportFincenSarXml(r, OPTIONS)).not.toThrow();
    const error = refusal(() => splitNarrative('n'.repeat(20_001)));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('The narrative is too long for a FinCEN SAR: 20001 characters, at most 20000 (five blocks of 4000).');
    expect(error.issues).toEqual([{ path: 'narrative', message: 'has 20001 characters; a FinCEN SAR holds at most 20000' }]);
  });

  it('refuses an unapproved report', () => {
    const error = refusal(() => exportFincenSarXml(parseSarDraft({ ...strDraft(), approval: null }), OPTIONS));
    expect(error.code).toBe('VALIDATION');
    expect(error.issues).toEqual([expect.objectContaining({ path: 'approval' })]);
  });

  it('refuses invalid filing details and categories FinCEN does not have', () => {
    const bad = refusal(() => exportFincenSarXml(report(), { ...OPTIONS, transmitter: { ...OPTIONS.transmitter, tcc: 'x' } }));
    expect(bad.issues).toEqual([expect.objectContaining({ path: 'fincen.transmitter.tcc' })]);
    const category = refusal(() => exportFincenSarXml(report(), { ...OPTIONS, classifications: [{ typeId: 1, subtypeId: 812 }, { typeId: 9, subtypeId: 9999 }] }));
    expect(category.issues).toEqual([
      { path: 'fincen.classifications.0', message: '812 is not a subtype of category 1 (Structuring)' },
      { path: 'fincen.classifications.1', message: 'subtype 9999 is "Other" and needs a text saying what the activity is' },
    ]);
  });

  it('refuses names and identifiers FinCEN fields are too short for, instead of cutting them', () => {
    const draft = strDraft();
    const r = parseSarDraft({ ...draft, caseId: 'CASE-2026-0042-FOLLOW-UP-03', subjects: [{ ...draft.subjects[0]!, firstName: 'Maximilian-Alexander Friedrich Wilhelm' }] });
    const error = refusal(() => exportFincenSarXml(r, OPTIONS));
    expect(error.issues).toEqual([
      { path: 'caseId', message: 'holds at most 25 characters in a FinCEN SAR (internal control/file number)' },
      { path: 'subjects.0.firstName', message: 'holds at most 35 characters in a FinCEN SAR (RawIndividualFirstName)' },
    ]);
  });

  it('uses the categories the analyst chose, and suggests them from the alerts otherwise', () => {
    const root = parseXml(exportFincenSarXml(report(), { ...OPTIONS, classifications: [{ typeId: 8, subtypeId: 812 }] }));
    const classes = children(child(child(root, 'Activity'), 'SuspiciousActivity'), 'SuspiciousActivityClassification');
    expect(classes.map((c) => textOf(c, 'SuspiciousActivitySubtypeID'))).toEqual(['812']);
    expect(suggestFincenClassifications(parseSarDraft({ ...strDraft(), alerts: [] }))).toEqual([
      { typeId: 9, subtypeId: 9999, otherText: 'Suspicious convertible virtual currency activity' },
    ]);
  });

  it('rounds amounts up to whole dollars from the bigint cents', () => {
    expect(wholeDollarsRoundedUp(526_525n)).toBe('5266'); // 5 265.25 → 5 266
    expect(wholeDollarsRoundedUp(500_000n)).toBe('5000');
    expect(wholeDollarsRoundedUp(1n)).toBe('1');
    expect(wholeDollarsRoundedUp(10_000_000_000_000_000_001n)).toBe('100000000000000001');
  });
});
