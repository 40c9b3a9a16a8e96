import { describe, expect, it } from 'vitest';
import sanctionedEth from '../../resources/sanctions/ofac-addresses/sanctioned_addresses_ETH.json';
import { VaultlineError } from '../errors';
import { buildGoamlXml, exportGoamlXml } from './goaml.export';
import { UAE_GOAML_5_0_2 } from './goaml.profile';
import { validateAgainstXsd } from './goaml.schema';
import { SANCTIONED_ETH_ADDRESS, strDraft } from './sar.fixture';
import { parseSarDraft, type SarDraftInput } from './sar.model';
import { child, children, parseXml, type XmlNode } from './xml-tree.fixture';

async function refusal(run: () => Promise<unknown>): Promise<VaultlineError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof VaultlineError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('goAML export', () => {
  it('exports the realistic STR (structuring deposits, withdrawal to an OFAC-listed address) as XML that validates against the UAE 5.0.2 XSD', async () => {
    // The fixture's destination really is on the shipped OFAC list.
    expect(sanctionedEth.map((a) => a.toLowerCase())).toContain(SANCTIONED_ETH_ADDRESS);
    const report = parseSarDraft(strDraft());
    const xml = await exportGoamlXml(report);
    expect(await validateAgainstXsd(xml, UAE_GOAML_5_0_2.xsd)).toEqual([]);

    const root = parseXml(xml);
    expect(root.name).toBe('report');
    expect(root.children.slice(0, 7).map((c) => c.name)).toEqual([
      'rentity_id',
      'rentity_branch',
      'submission_code',
      'report_code',
      'entity_reference',
      'submission_date',
      'currency_code_local',
    ]);
    expect(child(root, 'rentity_id').text).toBe('4711');
    expect(child(root, 'submission_code').text).toBe('E');
    expect(child(root, 'report_code').text).toBe('STR');
    expect(child(root, 'entity_reference').text).toBe('CASE-2026-0042');
    expect(child(root, 'submission_date').text).toBe('2026-11-05T00:00:00');
    expect(child(root, 'currency_code_local').text).toBe('USD');
    expect(child(child(root, 'reporting_person'), 'occupation').text).toBe('MLRO');
    expect(child(root, 'reason').text).toBe(report.narrative);
    expect(child(root, 'action').text).toBe(report.actionTaken);
    expect(children(child(root, 'report_indicators'), 'indicator').map((i) => i.text)).toEqual(['ITLSL', 'IUVC6', 'UHWLT']);

    const txs = children(root, 'transaction');
    expect(txs).toHaveLength(4);
    const [dep1, dep2, dep3, wd] = txs as [XmlNode, XmlNode, XmlNode, XmlNode];
    // Money stays bigint to the text: "12345.67", "2850.00", never a float rendering.
    expect(txs.map((t) => child(t, 'amount_local').text)).toEqual(['2850.00', '2975.25', '2910.50', '12345.67']);
    for (const t of txs) {
      expect(child(t, 'transmode_code').text).toBe('DAWLT');
      expect(child(t, 'late_deposit').text).toBe('false');
    }

    // Withdrawal: our customer pays (t_from_my_client), the sanctioned wallet receives (t_to).
    expect(child(wd, 'transactionnumber').text).toBe(report.transactions[3]!.txHash);
    expect(child(wd, 'internal_ref_number').text).toBe('wd_01');
    expect(child(wd, 'date_transaction').text).toBe('2026-11-03T06:30:00');
    const from = child(wd, 't_from_my_client');
    expect(child(from, 'from_funds_code').text).toBe('CRPTC');
    expect(child(child(from, 'from_foreign_currency'), 'foreign_currency_code').text).toBe('XET');
    expect(child(child(from, 'from_foreign_currency'), 'foreign_amount').text).toBe('4.115223');
    const person = child(from, 'from_person');
    expect(child(person, 'first_name').text).toBe('Jorg'); // goAML names are Latin letters only
    expect(child(person, 'passport_number').text).toBe('C01X00T47');
    expect(child(from, 'from_country').text).toBe('AE');
    const to = child(wd, 't_to');
    expect(child(child(to, 'to_account'), 'account').text).toBe(SANCTIONED_ETH_ADDRESS);
    expect(child(child(to, 'to_account'), 'institution_code').text).toBe('UNHOSTED WALLET');
    expect(child(to, 'to_country').text).toBe('-');

    // Deposits: the reverse (t_from = the sender's wallet, t_to_my_client = our customer).
    for (const dep of [dep1, dep2, dep3]) {
      expect(dep.children.map((c) => c.name)).toContain('t_from');
      expect(dep.children.map((c) => c.name)).toContain('t_to_my_client');
    }
    const btcFrom = child(child(dep2, 't_from'), 'from_account');
    expect(child(btcFrom, 'institution_name').text).toBe('Example Exchange Ltd');
    expect(child(btcFrom, 'institution_code').text).toBe('5493001KJTIIGC8Y1R12');
    expect(child(child(dep2, 't_to_my_client'), 'to_foreign_currency').children.map((c) => c.text)).toEqual(['XBT', '0.0301']);
    // 0.970166666666666667 ETH has 18 decimals: goAML's sql_decimal takes 13, so no rounded copy is sent.
    expect(child(dep3, 't_to_my_client').children.map((c) => c.name)).not.toContain('to_foreign_currency');
    expect(child(child(dep3, 't_to_my_client'), 'to_funds_comment').text).toContain('0.970166666666666667 ETH');
  });

  it('exports an entity subject with its beneficial owners, and SAR as report code', async () => {
    const draft = strDraft();
    const entityDraft: SarDraftInput = {
      ...draft,
      kind: 'SAR',
      subjects: [
        {
          kind: 'entity',
          customerId: 'cus_7f3a9c2e11',
          name: 'Brenner Trading FZ-LLC',
          incorporationNumber: 'RAK-FZ-2201933',
          incorporationCountry: 'AE',
          incorporationState: 'Ras Al Khaimah',
          incorporationDate: '2022-03-01',
          business: 'General trading',
          addresses: [{ line: 'Business Centre 4, Office 12', city: 'Ras Al Khaimah', state: 'Ras Al Khaimah', country: 'AE' }],
          beneficialOwners: [{ firstName: 'Jörg', lastName: 'Brenner', birthDate: '1984-07-19', nationality: 'DE', ownershipPercent: 100 }],
        },
      ],
    };
    const xml = await exportGoamlXml(parseSarDraft(entityDraft));
    const root = parseXml(xml);
    expect(child(root, 'report_code').text).toBe('SAR');
    const entity = child(child(children(root, 'transaction')[3]!, 't_from_my_client'), 'from_entity');
    expect(child(entity, 'name').text).toBe('Brenner Trading FZ-LLC');
    expect(child(child(entity, 'director_id'), 'role').text).toBe('UBO');
  });

  it('refuses an unapproved report and produces nothing', async () => {
    const report = parseSarDraft({ ...strDraft(), approval: null });
    const error = await refusal(() => exportGoamlXml(report));
    expect(error.code).toBe('VALIDATION');
    expect(error.issues).toEqual([expect.objectContaining({ path: 'approval' })]);
    expect(error.message).toMatch(/approved/);
  });

  it('refuses a report that does not validate, with the libxml2 messages as field issues', async () => {
    // A name in a script the FIU's name pattern does not accept: libxml2 names the element.
    const draft = strDraft();
    const subject = draft.subjects[0]!;
    const report = parseSarDraft({ ...draft, subjects: [{ ...subject, lastName: 'Бреннер' }] });
    const error = await refusal(() => exportGoamlXml(report));
    expect(error.code).toBe('VALIDATION');
    expect(error.issues!.length).toBeGreaterThan(0);
    expect(error.issues![0]!.path).toBe('goaml.last_name');
    expect(error.issues![0]!.message).toMatch(/^line \d+: .*pattern/);
  });

  it('refuses an indicator code the FIU does not know, naming the element', async () => {
    const report = parseSarDraft({ ...strDraft(), indicators: ['NOPE1'] });
    const error = await refusal(() => exportGoamlXml(report));
    expect(error.issues![0]).toEqual(expect.objectContaining({ path: 'goaml.indicator' }));
  });

  it('refuses a narrative longer than goAML reason field', async () => {
    const report = parseSarDraft({ ...strDraft(), narrative: 'x'.repeat(8001) });
    const error = await refusal(() => exportGoamlXml(report));
    expect(error.issues).toEqual([expect.objectContaining({ path: 'narrative' })]);
  });

  it('builds the same XML for the same report (deterministic)', () => {
    const report = parseSarDraft(strDraft());
    expect(buildGoamlXml(report)).toBe(buildGoamlXml(report));
  });
});
