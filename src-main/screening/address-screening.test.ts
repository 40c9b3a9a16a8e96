import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AddressScreening } from './address-screening';

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
