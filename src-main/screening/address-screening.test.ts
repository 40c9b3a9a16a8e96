import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importAddressListJson, readAddressListDirectory } from './address-list.importer';
import { AddressIndex, AddressScreening, diffAddressIndexes } from './address-screening';
import { importOfacCsv } from './ofac-csv.importer';

const shared = join(import.meta.dirname, '../../../shared/data/ofac-addresses');
const list = (name: string): string[] => JSON.parse(readFileSync(join(shared, name), 'utf8')) as string[];

describe('address screening against the OFAC lists', () => {
  const screening = new AddressScreening();

  it('hits every sanctioned Bitcoin and Ethereum address in the shared data, in any case variant', () => {
    for (const a of list('sanctioned_addresses_XBT.json')) {
      expect(screening.screen('bitcoin', a)).toBeDefined();
      if (/^bc1/.test(a)) expect(screening.screen('bitcoin', a.toUpperCase())).toBeDefined();
    }
    for (const a of list('sanctioned_addresses_ETH.json')) {
      expect(screening.screen('ethereum', a)?.asset).toBe('ETH');
      expect(screening.screen('ethereum', a.toLowerCase())).toBeDefined();
      expect(screening.screen('ethereum', `0x${a.slice(2).toUpperCase()}`)).toBeDefined();
    }
  });

  it('clears addresses that are not listed, and does not fold base58 case', () => {
    expect(screening.screen('bitcoin', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')).toBeUndefined();
    expect(screening.screen('ethereum', '0x52908400098527886E0F7030069857D2E4169EE7')).toBeUndefined();
    const legacy = list('sanctioned_addresses_XBT.json').find((a) => /^1/.test(a))!;
    expect(screening.screen('bitcoin', legacy.toLowerCase())).toBeUndefined();
  });

  it('keeps Tornado Cash contracts delisted in March 2025 off the current list, but not the one still listed', () => {
    const old = list('0xB10C-2024-09-27/sanctioned_addresses_ETH.json').map((a) => a.toLowerCase());
    const current = new Set(list('sanctioned_addresses_ETH.json').map((a) => a.toLowerCase()));
    const delisted = old.filter((a) => !current.has(a));
    expect(delisted.length).toBeGreaterThan(50);
    for (const a of delisted) expect(screening.screen('ethereum', a)).toBeUndefined();
    expect(screening.screen('ethereum', '0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2')).toBeDefined();
  });
});

describe('address index of a list version', () => {
  const version = (dir: string, issued: string) => {
    const list = importAddressListJson(readAddressListDirectory(dir), { listId: 'ofac-addresses', issued });
    return AddressIndex.fromEntries({ listId: list.listId, name: 'OFAC SDN digital currency addresses', issued, entries: list.entries });
  };
  const y2024 = version(join(shared, '0xB10C-2024-09-27'), '2024-09-27');
  const y2025 = version(shared, '2025-11-19');

  it('says which list version and entry lists an address, on any chain the lists cover', () => {
    expect(y2025.size).toBe(new AddressScreening().size);
    const hit = y2025.screen('ethereum', '0x5F48C2A71B2CC96E3F0CCAE4E39318FF0DC375B2');
    expect(hit).toMatchObject({ listId: 'ofac-addresses', issued: '2025-11-19', entryId: 'ethereum:0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2', asset: 'ETH' });
    const ltc = list('sanctioned_addresses_LTC.json')[0]!;
    expect(y2025.screen('LTC', ltc)?.asset).toBe('LTC');
    expect(y2025.screen('LTC', ltc.toLowerCase())).toBeUndefined();
    const tron = list('sanctioned_addresses_USDT.json').find((a) => a.startsWith('T'))!;
    expect(y2025.screen('TRX', tron)?.asset).toBe('USDT');
  });

  it('stops hitting what the 2025 lists delisted, and still knows it was listed in 2024', () => {
    const change = diffAddressIndexes(y2024, y2025);
    const delisted = change.delisted.filter((h) => h.chain === 'ethereum');
    expect(delisted).toHaveLength(90);
    for (const h of delisted) {
      expect(y2025.screen('ethereum', h.address)).toBeUndefined();
      expect(y2024.screen('ethereum', h.address)?.issued).toBe('2024-09-27');
    }
    expect(change.listed.length).toBeGreaterThan(0);
    for (const h of change.listed) expect(y2025.screen(h.chain, h.address)).toBeDefined();
  });

  it('builds from the addresses of any list entries (here OFAC legacy CSV remarks)', () => {
    const dir = join(shared, '../ofac-sdn/watchman-tiny-2025-05');
    const csv = importOfacCsv({ sdn: readFileSync(join(dir, 'sdn.csv')), comments: readFileSync(join(dir, 'sdn_comments.csv')) }, { issued: '2025-05-16' });
    const index = AddressIndex.fromEntries({ listId: 'ofac-sdn', name: 'OFAC SDN', issued: '2025-05-16', entries: csv.entries });
    expect(index.screen('ethereum', '0x2F389CE8BD8FF92DE3402FFCE4691D17FC4F6535')?.entryId).toBe('33151');
  });
});
