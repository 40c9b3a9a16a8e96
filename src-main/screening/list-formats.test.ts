import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importAddressListJson, readAddressListDirectory } from './address-list.importer';
import { bunzip2Bytes, maybeBunzip2 } from './bzip2.adapter';
import { countryCode } from './countries';
import { diffLists, entryDigest, listDigest } from './list-digest';
import { parseOfacRemarkDate } from './list-dates';
import { importPepCsv } from './pep-csv.importer';
import { OFAC_ADDRESSES_2024, OFAC_ADDRESSES_2025, SDN_ADVANCED_BZ2, SHARED_DATA } from './screening.testkit';
import type { ListEntry } from './screening.types';

describe('PEP CSV (id,name,aliases,birthDate,country,position)', () => {
  const header = 'id,name,aliases,birthDate,country,position\n';
  it('reads people with aliases in any script, partial dates, several countries and their position', () => {
    const list = importPepCsv(`${header}p-1,Jane Doe,Джейн Доу;J. Doe,1970-05,GB;FR,Minister of Finance\r\np-2,"Smith, John",,,US,"Senator, US Senate"\n`, { listId: 'pep-acme', issued: '2026-01-31' });
    expect(list.entries).toEqual([
      {
        listId: 'pep-acme',
        entryId: 'p-1',
        kind: 'individual',
        names: [
          { name: 'Jane Doe', primary: true, quality: 'strong', type: 'name', script: 'Latn' },
          { name: 'Джейн Доу', primary: false, quality: 'strong', type: 'aka', script: 'Cyrl' },
          { name: 'J. Doe', primary: false, quality: 'strong', type: 'aka', script: 'Latn' },
        ],
        birthDates: ['1970-05'],
        countries: ['FR', 'GB'],
        programs: ['Minister of Finance'],
        addresses: [],
      },
      { listId: 'pep-acme', entryId: 'p-2', kind: 'individual', names: [{ name: 'Smith, John', primary: true, quality: 'strong', type: 'name', script: 'Latn' }], birthDates: [], countries: ['US'], programs: ['Senator, US Senate'], addresses: [] },
    ]);
  });

  it.each([
    ['a wrong header', 'id,name,aliases,dob,country,position\n', /line 1: the header must be exactly "id,name,aliases,birthDate,country,position"/],
    ['a missing column', `${header}p-1,Jane Doe,,1970,GB\n`, /line 2: expected 6 columns, got 5/],
    ['an impossible date', `${header}p-1,Jane Doe,,1970-02-30,GB,Minister\n`, /line 2, birthDate: must be YYYY, YYYY-MM or YYYY-MM-DD and a real date, got "1970-02-30"/],
    ['an unknown country', `${header}p-1,Jane Doe,,1970,XX,Minister\n`, /line 2, country: "XX" is not an ISO 3166-1 alpha-2 code/],
    ['an empty name', `${header}p-1,,,1970,GB,Minister\n`, /line 2, name: is empty/],
    ['a duplicate id', `${header}p-1,A B,,,GB,M\np-1,C D,,,GB,M\n`, /line 3, id: p-1 appears twice/],
    ['broken quoting', `${header}p-1,"Jane Doe,,1970,GB,Minister\n`, /not valid CSV/],
  ])('refuses %s, naming line and column', (_what, csv, message) => {
    expect(() => importPepCsv(csv, { listId: 'pep-acme', issued: '2026-01-31' })).toThrow(message);
  });
});

describe('address lists (one JSON array per asset)', () => {
  it('reads the 2025-11-19 lists: one entry per distinct address, an EVM address once for all its assets', () => {
    const list = importAddressListJson(readAddressListDirectory(OFAC_ADDRESSES_2025), { listId: 'ofac-addresses', issued: '2025-11-19' });
    expect(list.entries.reduce((n, e) => n + e.addresses.length, 0)).toBe(758);
    const shared = list.entries.filter((e) => e.addresses.length > 1);
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.every((e) => e.entryId.startsWith('ethereum:0x'))).toBe(true);
    // TRON addresses filed under USDT are TRX addresses, compared exactly.
    expect(list.entries.some((e) => e.entryId.startsWith('TRX:T') && e.addresses.some((a) => a.asset === 'USDT'))).toBe(true);
  });

  it.each([
    ['not JSON', { ETH: '[0x1' }, /asset ETH: not valid JSON/],
    ['not an array', { ETH: '{"a":1}' }, /asset ETH: must be a JSON array of address strings/],
    ['a number in the array', { XBT: '["bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", 5]' }, /asset XBT, item 1: must be a string, got 5/],
    ['a short EVM address', { ETH: '["0x1234"]' }, /asset ETH, item 0: "0x1234": an EVM address is 0x followed by 40 hex digits/],
    ['an address with spaces', { XBT: '[" 1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo"]' }, /must not be empty or carry spaces/],
    ['a lower-case asset code', { eth: '[]' }, /asset eth: the asset code must be 2–10 capital letters or digits/],
  ])('refuses %s', (_what, files, message) => {
    expect(() => importAddressListJson(files, { listId: 'ofac-addresses', issued: '2025-11-19' })).toThrow(message);
  });
});

describe('list digests and versions', () => {
  const entry = (id: string, over: Partial<ListEntry> = {}): ListEntry => ({
    listId: 'ofac-sdn',
    entryId: id,
    kind: 'individual',
    names: [
      { name: `Person ${id}`, primary: true, quality: 'strong' },
      { name: `Alias ${id}`, primary: false, quality: 'weak' },
    ],
    birthDates: ['1970', '1971'],
    countries: ['RU', 'BY'],
    programs: ['CYBER2'],
    addresses: [],
    ...over,
  });

  it('digests content, not the order a publisher wrote it in', () => {
    const a = entry('1');
    const reordered = entry('1', { names: [...a.names].reverse(), birthDates: ['1971', '1970'], countries: ['BY', 'RU'] });
    expect(entryDigest(reordered)).toBe(entryDigest(a));
    expect(entryDigest(entry('1', { programs: ['CYBER2', 'DPRK3'] }))).not.toBe(entryDigest(a));
    expect(listDigest([entry('1'), entry('2')])).toBe(listDigest([entry('2'), entry('1')]));
    expect(listDigest([entry('1'), entry('2')])).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells added, changed and removed entries apart', () => {
    const before = [entry('1'), entry('2'), entry('3')];
    const after = [entry('1'), entry('2', { countries: ['RU'] }), entry('4')];
    expect(diffLists(before, after)).toEqual({ added: ['4'], changed: ['2'], removed: ['3'] });
    expect(() => diffLists(before, [entry('1', { listId: 'un-consolidated' })])).toThrow(/two different lists/);
    expect(() => diffLists([entry('1'), entry('1')], after)).toThrow(/holds entry 1 twice/);
  });

  it('finds the 2025 Tornado Cash delisting between the 2024 and 2025 address lists', () => {
    const y2024 = importAddressListJson(readAddressListDirectory(OFAC_ADDRESSES_2024), { listId: 'ofac-addresses', issued: '2024-09-27' });
    const y2025 = importAddressListJson(readAddressListDirectory(OFAC_ADDRESSES_2025), { listId: 'ofac-addresses', issued: '2025-11-19' });
    const diff = diffLists(y2024.entries, y2025.entries);
    const tornado = JSON.parse(readFileSync(join(SHARED_DATA, 'mixers/dawsbot-eth-labels/etherscan/tornado-cash/accounts.json'), 'utf8')) as { address: string }[];
    const delistedTornado = tornado.filter((t) => diff.removed.includes(`ethereum:${t.address.toLowerCase()}`));
    expect(diff.removed.filter((id) => id.startsWith('ethereum:'))).toHaveLength(90);
    expect(delistedTornado).toHaveLength(54);
    expect(diff.removed).not.toContain('ethereum:0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2');
    expect(diff.added.length).toBeGreaterThan(0);
  });
});

describe('bzip2 streaming', () => {
  const head = readFileSync(SDN_ADVANCED_BZ2).subarray(0, 400_000);
  const drain = async (bytes: Uint8Array): Promise<number> => {
    let n = 0;
    for await (const chunk of bunzip2Bytes(bytes)) n += chunk.length;
    return n;
  };

  it('refuses a file cut short, after the blocks it could check', async () => {
    await expect(drain(head)).rejects.toThrow(/not valid bzip2 data: the file is cut short/);
  });

  it('passes plain bytes through and decompresses bzip2 by its magic (bundle items arrive either way)', async () => {
    const plain: Uint8Array[] = [];
    for await (const c of maybeBunzip2([Buffer.from('<a/>'), Buffer.from('<b/>')])) plain.push(c);
    expect(Buffer.concat(plain).toString()).toBe('<a/><b/>');
    const chunks = [head.subarray(0, 10), head.subarray(10)];
    await expect((async () => {
      for await (const c of maybeBunzip2(chunks)) void c;
    })()).rejects.toThrow(/not valid bzip2 data: the file is cut short/);
  });

  it('refuses a damaged block and data that is not bzip2', async () => {
    const damaged = Buffer.from(head);
    damaged[5000] = damaged[5000]! ^ 0xff;
    await expect(drain(damaged)).rejects.toThrow(/not valid bzip2 data/);
    await expect(drain(Buffer.from('<xml>not compressed</xml>'))).rejects.toThrow(/no bzip2 header/);
  });
});

describe('supporting readers', () => {
  it('reads OFAC remark dates at their precision', () => {
    expect(parseOfacRemarkDate('28 Jul 1963')).toEqual(['1963-07-28']);
    expect(parseOfacRemarkDate('Jul 1963')).toEqual(['1963-07']);
    expect(parseOfacRemarkDate('circa 1963')).toEqual(['1963']);
    expect(parseOfacRemarkDate('1960 to 1962')).toEqual(['1960', '1961', '1962']);
    expect(parseOfacRemarkDate('01 Jan 1960 to 31 Dec 1960')).toEqual(['1960']);
    expect(parseOfacRemarkDate('31 Feb 1963')).toBeUndefined();
  });

  it('maps country names as OFAC and the UN spell them', () => {
    expect(countryCode('Korea, North')).toBe('KP');
    expect(countryCode("Democratic People's Republic of Korea")).toBe('KP');
    expect(countryCode('Congo, Democratic Republic of the')).toBe('CD');
    expect(countryCode('Iran (Islamic Republic of)')).toBe('IR');
    expect(countryCode('Türkiye')).toBe('TR');
    expect(countryCode('Russia')).toBe('RU');
    expect(countryCode('undetermined')).toBeUndefined();
  });
});
