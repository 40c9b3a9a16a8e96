import { describe, expect, it } from 'vitest';
import { commands } from '../../../../src-shared/commands';
import { EMPTY_SEARCH, SEARCH_LIMIT, searchInput, searchSummary } from './search-query';

describe('record search input', () => {
  it('needs a criterion and a purpose, and says so beside each field', () => {
    const empty = searchInput(EMPTY_SEARCH);
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(Object.keys(empty.errors).sort()).toEqual(['name', 'purpose']);
    const short = searchInput({ ...EMPTY_SEARCH, name: 'A', address: 'bc1short', txHash: 'abc', purpose: 'why' });
    expect(short.ok).toBe(false);
    if (!short.ok) expect(Object.keys(short.errors).sort()).toEqual(['address', 'name', 'purpose', 'txHash']);
    const backwards = searchInput({ ...EMPTY_SEARCH, fromDay: '2026-03-02', toDay: '2026-03-01', purpose: '314(a) request 17' });
    expect(backwards.ok).toBe(false);
    if (!backwards.ok) expect(backwards.errors.period).toBeDefined();
  });

  it('sends only what was given, trimmed, with whole UTC days and the limit', () => {
    const check = searchInput({ ...EMPTY_SEARCH, name: '  Amara Okafor ', fromDay: '2026-01-01', toDay: null, purpose: ' FinCEN 314(a) 2026-0117 ' });
    expect(check).toEqual({
      ok: true,
      input: { name: 'Amara Okafor', from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T23:59:59.999Z', purpose: 'FinCEN 314(a) 2026-0117', limit: SEARCH_LIMIT },
    });
    if (check.ok) {
      expect(commands['vault.search'].input.safeParse(check.input).success).toBe(true);
      expect(searchSummary(check.input)).toBe('name “Amara Okafor”, created on 2026-01-01');
    }
  });

  it('accepts an address or a hash alone', () => {
    const check = searchInput({ ...EMPTY_SEARCH, address: ' bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh ', purpose: 'regulator request' });
    expect(check.ok && check.input).toEqual({ address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh', purpose: 'regulator request', limit: SEARCH_LIMIT });
  });
});
