import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOfacCsv, type OfacCsvFiles } from './ofac-csv.importer';
import { WATCHMAN_BENCH, WATCHMAN_TINY } from './screening.testkit';

const files = (dir: string): OfacCsvFiles => ({
  sdn: readFileSync(join(dir, 'sdn.csv')),
  add: readFileSync(join(dir, 'add.csv')),
  alt: readFileSync(join(dir, 'alt.csv')),
  comments: readFileSync(join(dir, 'sdn_comments.csv')),
});

describe('OFAC legacy CSV (sdn.csv, add.csv, alt.csv, sdn_comments.csv)', () => {
  it("reads Watchman's 17-party 2025 set: names, strong and weak aliases, dates of birth, countries, programmes", () => {
    const list = importOfacCsv(files(WATCHMAN_TINY), { issued: '2025-05-16' });
    expect(list.format).toBe('ofac-legacy-csv');
    expect(list.entries).toHaveLength(17);
    const logan = list.entries.find((e) => e.entryId === '10278')!;
    expect(logan).toMatchObject({
      kind: 'individual',
      names: [
        { name: 'LOGAN MOREY, Elvis Angus', primary: true, quality: 'strong' },
        // In the legacy format weak AKAs exist only in the remarks.
        { name: 'BURTON BURGESS', primary: false, quality: 'weak', type: 'aka' },
      ],
      birthDates: ['1963-07-28'],
      programs: ['SDNT'],
    });
    const iami = list.entries.find((e) => e.entryId === '11195')!;
    expect(iami.kind).toBe('entity');
    expect(iami.programs).toEqual(['IFSR', 'IRAN-CON-ARMS-EO', 'NPWMD']);
    expect(iami.countries).toEqual(['IR']);
    expect(iami.names.filter((n) => n.quality === 'strong').map((n) => n.name)).toContain('HESA TRADE CENTER');
    expect(list.entries.find((e) => e.entryId === '20540')!.kind).toBe('aircraft');
  });

  it('joins remarks continued in sdn_comments.csv and reads the digital-currency addresses in them', () => {
    const list = importOfacCsv(files(WATCHMAN_TINY), { issued: '2025-05-16' });
    const e = list.entries.find((x) => x.entryId === '33151')!;
    expect(e.addresses.map((a) => `${a.asset} ${a.address}`)).toContain('ETH 0x2f389ce8bd8ff92de3402ffce4691d17fc4f6535');
    expect(e.addresses.every((a) => (a.address.startsWith('0x') ? a.chain === 'ethereum' : true))).toBe(true);
  });

  it('reads the full mid-2021 set (8 976 parties) without a refusal', () => {
    const list = importOfacCsv(files(WATCHMAN_BENCH), { issued: '2021-07-07' });
    expect(list.entries).toHaveLength(8976);
    expect(list.entries.reduce((n, e) => n + e.names.length, 0)).toBeGreaterThan(20_000);
    expect(list.entries.filter((e) => e.addresses.length > 0)).toHaveLength(15);
    expect(list.warnings).toContain('ent_num 29702: Digital Currency Address - ETH "0xa7e5d5a720f06526557c513402f2e6b5fa20b00": an EVM address is 0x followed by 40 hex digits');
    expect(list.entries.filter((e) => e.birthDates.length > 0).length).toBeGreaterThan(4000);
  }, 30_000);

  const sdn = '10278,"LOGAN MOREY, Elvis Angus","individual","SDNT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 28 Jul 1963."\r\n';
  it.each([
    ['a record with a column missing', { sdn: '10278,"LOGAN","individual","SDNT",-0- \r\n' }, /sdn\.csv, line 1: expected 12 columns, got 5/],
    ['an ent_num that is not a number', { sdn: sdn.replace('10278', 'X1') }, /sdn\.csv, line 1: ent_num must be a number, got "X1"/],
    ['an unknown SDN_Type', { sdn: sdn.replace('"individual"', '"person"') }, /SDN_Type must be individual, vessel, aircraft or empty, got "person"/],
    ['the same ent_num twice', { sdn: sdn + sdn }, /sdn\.csv, line 2: ent_num 10278 appears twice/],
    ['an unknown alias type', { sdn, alt: '10278,1,"alias","X",-0- \r\n' }, /alt\.csv, line 1: alt_type must be aka, fka or nka/],
    ['an unclosed quote', { sdn: sdn + '10279,"OPEN,"individual"\r\n' }, /sdn\.csv, line \d+: not valid CSV/],
  ])('refuses %s, naming the file and line', (_what, input, message) => {
    expect(() => importOfacCsv(input as OfacCsvFiles, { issued: '2025-05-16' })).toThrow(message);
  });

  it("keeps what the list says and reports it: orphan aliases (Watchman's subset), OFAC's mistyped address", () => {
    const tiny = importOfacCsv(files(WATCHMAN_TINY), { issued: '2025-05-16' });
    expect(tiny.warnings).toContain('alt.csv, line 1: ent_num 10416 is not in sdn.csv; alias ignored');
    const r = importOfacCsv({ sdn: sdn.replace('DOB 28 Jul 1963.', 'Digital Currency Address - ETH 0x12; DOB 1963.') }, { issued: '2025-05-16' });
    expect(r.entries[0]!.addresses).toEqual([{ chain: 'ethereum', address: '0x12', asset: 'ETH' }]);
    expect(r.warnings).toEqual(['ent_num 10278: Digital Currency Address - ETH "0x12": an EVM address is 0x followed by 40 hex digits']);
  });

  it('refuses an issue date that is not a date', () => {
    expect(() => importOfacCsv({ sdn }, { issued: '2025-13-01' })).toThrow(/`issued` must be a date YYYY-MM-DD/);
  });
});
