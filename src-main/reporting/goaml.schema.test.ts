import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UAE_GOAML_5_0_2 } from './goaml.profile';
import { validateAgainstXsd, xsd10Compatible } from './goaml.schema';

const SHIPPED = new URL('../../resources/reporting/goaml/goAMLSchema.xsd', import.meta.url);

function report(firstName: string, email: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<report><rentity_id>1</rentity_id><submission_code>E</submission_code><report_code>STR</report_code>',
    '<entity_reference>C-1</entity_reference><submission_date>2026-11-05T00:00:00</submission_date><currency_code_local>USD</currency_code_local>',
    `<reporting_person><first_name>${firstName}</first_name><last_name>Haddad</last_name><email>${email}</email></reporting_person>`,
    '<activity><report_parties><report_party><person><first_name>A</first_name><last_name>B</last_name></person><reason>r</reason></report_party></report_parties></activity>',
    '<report_indicators><indicator>ITLSL</indicator></report_indicators></report>',
  ].join('');
}

describe('goAML schema', () => {
  it('ships the UAE FIU 5.0.2 schema byte for byte (the SHA-256 in resources/reporting/README.md)', () => {
    const bytes = readFileSync(SHIPPED);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe('5897f7bcac8c1c8910f434cfe8e7e4728885a031fa7c309c22c9968e50652a65');
    // The copy embedded in the core (scripts/embed-goaml-xsd.mjs) is the same text.
    expect(UAE_GOAML_5_0_2.xsd).toBe(bytes.toString('utf8'));
    expect(UAE_GOAML_5_0_2.xsd).toContain('goaml:schemaVersion="5.0.2"');
  });

  it('rewrites exactly the .NET regex habits: 26 anchored name patterns and the two e-mail classes', () => {
    const rewrite = xsd10Compatible(UAE_GOAML_5_0_2.xsd);
    expect(rewrite.anchorsDropped).toBe(26);
    expect(rewrite.hyphensMoved).toBe(2);
    expect(rewrite.text).not.toContain(`value="^[a-zA-Z0-9 .'-]*$"`);
    expect(rewrite.text).toContain(`value="[a-zA-Z0-9 .'-]*"`);
    expect(rewrite.text).toContain('value="[_a-zA-Z0-9+-]+(\\.[_a-zA-Z0-9\\+-]+)*@');
    // The commented-out URL pattern is left as it is.
    expect(rewrite.text).toContain('<!--<xs:pattern value="^(((http|https)');
    // Nothing else changes.
    expect(rewrite.text.length).toBe(UAE_GOAML_5_0_2.xsd.length - 2 * 26);
  });

  it('reads names and e-mails the way the FIU does (libxml2 on the original would demand literal ^ and $)', async () => {
    expect(await validateAgainstXsd(report('Amira', 'a.b+c@example.co.uk'), UAE_GOAML_5_0_2.xsd)).toEqual([]);
    const literal = await validateAgainstXsd(report('^Amira$', 'mlro@example.com'), UAE_GOAML_5_0_2.xsd);
    expect(literal.map((i) => i.element)).toContain('first_name');
    const badEmail = await validateAgainstXsd(report('Amira', 'not@an@address'), UAE_GOAML_5_0_2.xsd);
    expect(badEmail.map((i) => i.element)).toEqual(['email']);
    expect(badEmail[0]!.line).toBe(1);
  });
});
