import { describe, expect, it } from 'vitest';
import { importUnConsolidatedFile, importUnConsolidatedXml } from './un-consolidated.importer';
import { UN_CONSOLIDATED } from './screening.testkit';
import { utf8Chunks } from './xml-stream';

describe('UN Security Council consolidated list (XML)', () => {
  it('reads its 730 individuals and 273 entities, names in original script, nationalities as ISO codes', async () => {
    const un = await importUnConsolidatedFile(UN_CONSOLIDATED);
    expect(un.issued).toBe('2026-02-27');
    expect(un.entries.filter((e) => e.kind === 'individual')).toHaveLength(730);
    expect(un.entries.filter((e) => e.kind === 'entity')).toHaveLength(273);
    const saddam = un.entries.find((e) => e.entryId === '6908048')!;
    expect(saddam.names).toEqual([
      { name: 'SADDAM HUSSEIN AL-TIKRITI', primary: true, quality: 'strong', type: 'name', script: 'Latn' },
      { name: 'صدام حسين التكريتي', primary: true, quality: 'strong', type: 'name', script: 'Arab' },
      { name: 'Abu Ali', primary: false, quality: 'weak', type: 'aka', script: 'Latn' },
    ]);
    expect(saddam.countries).toEqual(['IQ']);
    expect(saddam.programs).toEqual(['Iraq']);
    // FIRST_NAME … FOURTH_NAME joined in order; "Good" aliases strong, "Low" weak.
    const kakolele = un.entries.find((e) => e.entryId === '6907994')!;
    expect(kakolele.names[0]!.name).toBe('FRANK KAKOLELE BWAMBALE');
    expect(kakolele.names.map((n) => n.quality)).toEqual(['strong', 'strong', 'strong', 'strong']);
    expect(un.entries.some((e) => e.names.some((n) => n.quality === 'weak'))).toBe(true);
    // Country names as the UN spells them.
    const codes = new Set(un.entries.flatMap((e) => e.countries));
    for (const c of ['KP', 'IR', 'GB', 'TR', 'CD', 'SY', 'PS', 'RU']) expect(codes).toContain(c);
    // Dates: EXACT day, EXACT year, BETWEEN years.
    expect(un.entries.find((e) => e.entryId === '6907993')!.birthDates).toEqual(['1971']);
    expect(un.entries.some((e) => e.birthDates.length >= 2 && e.birthDates.every((d) => /^\d{4}$/.test(d)))).toBe(true);
    expect(un.entries.some((e) => e.birthDates.some((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)))).toBe(true);
  });

  const doc = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS>${body}</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>`;
  const person = (inner: string): string => `<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>JANE</FIRST_NAME><SECOND_NAME>DOE</SECOND_NAME>${inner}</INDIVIDUAL>`;
  const read = (xml: string) => importUnConsolidatedXml(utf8Chunks(xml, 50));

  it('reads dates of birth as published: BETWEEN years, APPROXIMATELY a year, EXACT days', async () => {
    const r = await read(
      doc(
        person(
          '<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1973</FROM_YEAR><TO_YEAR>1975</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1978-04-28</DATE></INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>JD</ALIAS_NAME></INDIVIDUAL_ALIAS><NATIONALITY><VALUE>Iran (Islamic Republic of)</VALUE></NATIONALITY>',
        ),
      ),
    );
    expect(r.entries[0]).toMatchObject({
      names: [{ name: 'JANE DOE', primary: true }, { name: 'JD', quality: 'weak' }],
      birthDates: ['1973', '1974', '1975', '1978-04-28'],
      countries: ['IR'],
    });
  });

  it.each([
    ['another root element', '<?xml version="1.0"?><SDN/>', /the root element must be <CONSOLIDATED_LIST>/],
    ['a record without DATAID', doc('<INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL>'), /line 1: INDIVIDUAL has no numeric DATAID/],
    ['a record without a name', doc('<INDIVIDUAL><DATAID>7</DATAID></INDIVIDUAL>'), /DATAID 7 has no FIRST_NAME/],
    ['the same DATAID twice', doc(person('') + person('')), /DATAID 1 appears twice/],
    ['an impossible date of birth', doc(person('<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1978-02-30</DATE></INDIVIDUAL_DATE_OF_BIRTH>')), /INDIVIDUAL_DATE_OF_BIRTH DATE is not a date/],
    ['a reversed BETWEEN', doc(person('<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1980</FROM_YEAR><TO_YEAR>1970</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>')), /BETWEEN needs FROM_YEAR ≤ TO_YEAR/],
    ['no date generated', doc('').replace(' dateGenerated="2026-02-27T00:00:09.554Z"', ''), /dateGenerated must be a date-time/],
    ['a list cut short', doc(person('')).slice(0, -40), /not well-formed XML/],
    ['an empty list', doc(''), /lists no individual or entity/],
  ])('refuses %s', async (_what, xml, message) => {
    await expect(read(xml)).rejects.toThrow(message);
  });
});
