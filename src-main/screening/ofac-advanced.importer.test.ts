import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VaultlineError } from '../errors';
import { normaliseAddress } from './address-chains';
import { importAddressListJson, readAddressListDirectory } from './address-list.importer';
import { importOfacAdvancedXml, parseOfacChecksum } from './ofac-advanced.importer';
import { fullSdn, OFAC_ADDRESSES_2025, SDN_ADVANCED_CHECKSUM } from './screening.testkit';
import { utf8Chunks } from './xml-stream';

describe('OFAC sdn_advanced.xml, the full 2025-11-19 issue streamed from its .bz2', () => {
  it('reads all 18 367 parties, checked against the published checksum', async () => {
    const sdn = await fullSdn();
    expect(sdn.listId).toBe('ofac-sdn');
    expect(sdn.format).toBe('ofac-advanced-xml');
    expect(sdn.issued).toBe('2025-11-19');
    expect(sdn.sourceSha256).toBe(parseOfacChecksum(readFileSync(SDN_ADVANCED_CHECKSUM, 'utf8')));
    expect(sdn.entries).toHaveLength(18_367);
    const kinds: Record<string, number> = {};
    for (const e of sdn.entries) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
    expect(kinds).toEqual({ individual: 7303, entity: 9359, vessel: 1370, aircraft: 335 });
    expect(sdn.entries.every((e) => e.names.some((n) => n.primary) && e.programs.length > 0)).toBe(true);
    expect(sdn.entries.reduce((n, e) => n + e.names.length, 0)).toBeGreaterThan(48_000);
  }, 120_000);

  it('reads a person with weak aliases, a date of birth, countries, a programme and ETH addresses (Roman Semenov, FixedRef 44718)', async () => {
    const semenov = (await fullSdn()).entries.find((e) => e.entryId === '44718')!;
    expect(semenov.kind).toBe('individual');
    expect(semenov.names).toEqual([
      { name: 'Semenov Roman', primary: true, quality: 'strong', type: 'name', script: 'Latn' },
      { name: 'Roma', primary: false, quality: 'weak', type: 'aka', script: 'Latn' },
      { name: 'Poma', primary: false, quality: 'weak', type: 'aka', script: 'Latn' },
    ]);
    expect(semenov.birthDates).toEqual(['1987-11-08']);
    // Nationality Country "Russia" (a location with only a name), Location Dubai (LocationCountry).
    expect(semenov.countries).toEqual(['AE', 'RU']);
    expect(semenov.programs).toEqual(['DPRK3']);
    expect(semenov.addresses).toHaveLength(8);
    expect(semenov.addresses).toContainEqual({ chain: 'ethereum', address: '0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2', asset: 'ETH' });
  });

  it('keeps the names in every script with their name parts in documented order (Lukashenka, FixedRef 9760)', async () => {
    const lukashenka = (await fullSdn()).entries.find((e) => e.entryId === '9760')!;
    expect(lukashenka.names[0]).toEqual({ name: 'Lukashenka Alyaksandr Ryhorovich', primary: true, quality: 'strong', type: 'name', script: 'Latn' });
    expect(lukashenka.names).toContainEqual({ name: 'Лукашэнка Аляксандр Рыгоравiч', primary: true, quality: 'strong', type: 'name', script: 'Cyrl' });
    expect(lukashenka.names).toContainEqual({ name: 'Лукашенко Александр Григорьевич', primary: false, quality: 'strong', type: 'aka', script: 'Cyrl' });
    expect(lukashenka.countries).toEqual(['BY']);
    expect(lukashenka.programs).toEqual(['BELARUS']);
    const scripts = new Set((await fullSdn()).entries.flatMap((e) => e.names.map((n) => n.script)));
    for (const s of ['Latn', 'Cyrl', 'Arab', 'Hani', 'Grek', 'Hang', 'Hebr']) expect(scripts).toContain(s);
  });

  it('gives the same digital-currency addresses as the per-asset lists extracted from the same XML', async () => {
    const sdn = await fullSdn();
    const fromXml = new Set(sdn.entries.flatMap((e) => e.addresses.map((a) => `${a.chain}:${normaliseAddress(a.chain, a.address)}`)));
    const lists = importAddressListJson(readAddressListDirectory(OFAC_ADDRESSES_2025), { listId: 'ofac-addresses', issued: '2025-11-19' });
    const fromLists = new Set(lists.entries.map((e) => e.entryId));
    expect(fromXml).toEqual(fromLists);
    // The party behind an address: Blender.io (FixedRef 37070) has 46 XBT features, one address twice.
    expect(sdn.entries.find((e) => e.entryId === '37070')!.addresses.filter((a) => a.asset === 'XBT')).toHaveLength(45);
  });
});

describe('OFAC advanced XML refusals', () => {
  const NS = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML';
  const doc = (party: string, extra = ''): string => `<?xml version="1.0" encoding="utf-8"?>
<Sanctions xmlns="${NS}">
  <DateOfIssue CalendarTypeID="1"><Year>2025</Year><Month>11</Month><Day>19</Day></DateOfIssue>
  <ReferenceValueSets>
    <AliasTypeValues><AliasType ID="1403">Name</AliasType><AliasType ID="1400">A.K.A.</AliasType></AliasTypeValues>
    <CountryValues><Country ID="11171" ISO2="RU">Russia</Country></CountryValues>
    <FeatureTypeValues><FeatureType ID="8" FeatureTypeGroupID="1">Birthdate</FeatureType><FeatureType ID="345" FeatureTypeGroupID="1">Digital Currency Address - ETH</FeatureType><FeatureType ID="10" FeatureTypeGroupID="1">Nationality Country</FeatureType></FeatureTypeValues>
    <PartySubTypeValues><PartySubType ID="4" PartyTypeID="1">Unknown</PartySubType></PartySubTypeValues>
    <PartyTypeValues><PartyType ID="1">Individual</PartyType></PartyTypeValues>
    <SanctionsTypeValues><SanctionsType ID="1">Program</SanctionsType></SanctionsTypeValues>
    <ScriptValues><Script ID="215" ScriptCode="Latin">Latin</Script></ScriptValues>
  </ReferenceValueSets>
  <Locations><Location ID="5"><LocationCountry CountryID="11171" CountryRelevanceID="1413" /></Location></Locations>
  <DistinctParties>${party}</DistinctParties>
  <SanctionsEntries><SanctionsEntry ID="1" ProfileID="1" ListID="1550"><SanctionsMeasure ID="2" SanctionsTypeID="1"><Comment>CYBER2</Comment></SanctionsMeasure></SanctionsEntry>${extra}</SanctionsEntries>
</Sanctions>`;
  const name = '<Alias FixedRef="1" AliasTypeID="1403" Primary="true" LowQuality="false"><DocumentedName ID="1" FixedRef="1" DocNameStatusID="1"><DocumentedNamePart><NamePartValue NamePartGroupID="1" ScriptID="215">Doe</NamePartValue></DocumentedNamePart><DocumentedNamePart><NamePartValue NamePartGroupID="2" ScriptID="215">Jane</NamePartValue></DocumentedNamePart></DocumentedName></Alias>';
  const feature = (type: string, body: string): string => `<Feature ID="9" FeatureTypeID="${type}"><FeatureVersion ID="9" ReliabilityID="1">${body}</FeatureVersion></Feature>`;
  const party = (inner = '', fixedRef = '1'): string => `<DistinctParty FixedRef="${fixedRef}"><Profile ID="${fixedRef}" PartySubTypeID="4"><Identity ID="1" FixedRef="${fixedRef}" Primary="true" False="false">${name}</Identity>${inner}</Profile></DistinctParty>`;
  const good = doc(party(feature('345', '<VersionDetail DetailTypeID="1432">0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2</VersionDetail>') + feature('10', '<VersionLocation LocationID="5" />')));
  const read = (xml: string, options = {}) => importOfacAdvancedXml(utf8Chunks(xml, 97), options);

  it('reads a minimal well-formed document', async () => {
    const r = await read(good);
    expect(r.entries).toEqual([
      {
        listId: 'ofac-sdn',
        entryId: '1',
        kind: 'individual',
        names: [{ name: 'Doe Jane', primary: true, quality: 'strong', type: 'name', script: 'Latn' }],
        birthDates: [],
        countries: ['RU'],
        programs: ['CYBER2'],
        addresses: [{ chain: 'ethereum', address: '0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2', asset: 'ETH' }],
      },
    ]);
    expect(r.sourceSha256).toBe(createHash('sha256').update(good).digest('hex'));
    const progress: number[] = [];
    await read(good, { onProgress: (n: number) => progress.push(n) });
    expect(progress.at(-1)).toBe(Buffer.byteLength(good));
  });

  it.each([
    ['another root element', good.replace(/<Sanctions xmlns="[^"]*">/, '<Sanctions>'), /line 2: the root element must be <Sanctions xmlns=/],
    ['a party without FixedRef', good.replace('<DistinctParty FixedRef="1">', '<DistinctParty>'), /DistinctParty has no FixedRef/],
    ['an unknown feature type', good.replace('FeatureTypeID="10"', 'FeatureTypeID="77"'), /Feature FeatureTypeID="77" is not in the file's reference values/],
    ['an unknown party subtype', good.replace('PartySubTypeID="4"', 'PartySubTypeID="9"'), /Profile PartySubTypeID="9" is not in the file's reference values/],
    ['a location that does not exist', good.replace('LocationID="5"', 'LocationID="6"'), /VersionLocation LocationID="6" is not among the file's Locations/],
    ['an empty address', good.replace('0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2', ''), /party 1: Digital Currency Address - ETH has no value/],
    ['a party without a primary name', good.replace('Primary="true" LowQuality', 'Primary="false" LowQuality'), /DistinctParty FixedRef="1" has no primary name/],
    ['a programme for a profile that does not exist', good.replace('ProfileID="1"', 'ProfileID="2"'), /SanctionsEntry ProfileID="2" names no DistinctParty profile/],
    ['the same party twice', doc(party() + party()), /DistinctParty FixedRef="1" appears twice/],
    ['no date of issue', good.replace(/<DateOfIssue[\s\S]*<\/DateOfIssue>/, ''), /no complete DateOfIssue/],
    ['a document cut short', good.slice(0, good.length - 200), /not well-formed XML/],
    ['mismatched tags', good.replace('</Identity>', '</Identiti>'), /not well-formed XML/],
    ['a document type declaration', good.replace('<Sanctions ', '<!DOCTYPE Sanctions [<!ENTITY a "aaaa">]><Sanctions '), /document type declaration is not accepted/],
  ])('refuses %s, naming where', async (_what, xml, message) => {
    await expect(read(xml)).rejects.toThrow(message);
    await expect(read(xml)).rejects.toBeInstanceOf(VaultlineError);
  });

  it('keeps a mistyped address as published and reports it', async () => {
    const r = await read(good.replace('0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2', '0x5f48c2'));
    expect(r.entries[0]!.addresses).toEqual([{ chain: 'ethereum', address: '0x5f48c2', asset: 'ETH' }]);
    expect(r.warnings).toEqual(['party 1: Digital Currency Address - ETH "0x5f48c2": an EVM address is 0x followed by 40 hex digits']);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const bytes = Buffer.from(good, 'utf8');
    bytes[bytes.indexOf('Jane')] = 0xff;
    await expect(importOfacAdvancedXml([bytes])).rejects.toThrow(/near line \d+: the bytes are not valid UTF-8/);
  });

  it('refuses a document whose checksum differs from the published one, importing nothing', async () => {
    const error = await read(good, { expectedSha256: '36c517bd264d8d97eff353eadd8d84427d5eb293505a8ce07271a5bc258c3117' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultlineError);
    expect((error as VaultlineError).code).toBe('INTEGRITY_FAILURE');
    expect((error as VaultlineError).message).toMatch(/differs from the published checksum/);
  });

  it('reads checksum files in openssl and sha256sum formats', () => {
    const hex = '36c517bd264d8d97eff353eadd8d84427d5eb293505a8ce07271a5bc258c3117';
    expect(parseOfacChecksum(`SHA256(sdn_advanced.xml) = ${hex}\n`)).toBe(hex);
    expect(parseOfacChecksum(`${hex}  sdn_advanced.xml`)).toBe(hex);
    expect(parseOfacChecksum(hex.toUpperCase())).toBe(hex);
    expect(() => parseOfacChecksum('MD5(x) = abc')).toThrow(/one sha256/);
  });
});
