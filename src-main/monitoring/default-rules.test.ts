/**
 * Every default rule fires on the pattern it names and stays quiet on a near miss, judged by the
 * real engine over the shipped rule set, with the real OFAC address list and mixer list.
 */
import { describe, expect, it } from 'vitest';
import defaultRules from '../../resources/monitoring/default-rules.json';
import mixers from '../../resources/monitoring/mixers.json';
import type { ListName } from '../../src-shared/monitoring/rule-set.schema';
import { AddressScreening } from '../screening/address-screening';
import { MonitoringEngine, type CustomerFacts, type MonitoredTransaction } from './monitoring.engine';
import { compileRuleSet } from './rule-compiler';

const screening = new AddressScreening();
const mixerSet = new Set(mixers.addresses.map((m) => m.address.toLowerCase()));
const lists = {
  has(list: ListName, value: string): boolean {
    switch (list) {
      case 'sanctioned-addresses':
        return screening.screen(value.startsWith('0x') ? 'ethereum' : 'bitcoin', value) !== undefined;
      case 'mixers':
        return mixerSet.has(value.toLowerCase());
      case 'high-risk-jurisdictions':
        return ['KP', 'IR', 'MM'].includes(value);
      case 'pep-addresses':
        return value === '0x00000000000000000000000000000000000000aa';
      default:
        return false;
    }
  },
};

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const MIN = 60_000;
const customer: CustomerFacts = { riskLevel: 'low', pep: false, country: 'DE', onboardedAt: '2024-01-10T00:00:00.000Z' };
let n = 0;

function tx(minutes: number, usd: string, more: Partial<MonitoredTransaction> = {}): MonitoredTransaction {
  n += 1;
  return {
    id: `tx-${n}`,
    at: new Date(T0 + minutes * MIN).toISOString(),
    direction: 'deposit',
    customerId: 'C-1',
    assetId: 'BTC',
    usdCents: BigInt(Math.round(Number(usd) * 100)),
    counterpartyAddress: `bc1qcounterparty${n}`,
    counterpartyCountry: null,
    counterpartyVasp: null,
    counterpartyPep: false,
    ...more,
  };
}

function engine(): MonitoringEngine {
  return new MonitoringEngine(compileRuleSet(defaultRules), lists);
}

/** Runs the transactions in order and returns the rule ids that fired on the last one. */
function firedOnLast(txs: MonitoredTransaction[], facts: CustomerFacts = customer): string[] {
  const e = engine();
  let last: string[] = [];
  for (const t of txs) last = e.evaluate(t, facts).map((h) => h.ruleId);
  return last;
}

describe('default monitoring rules', () => {
  it('compile', () => {
    expect(compileRuleSet(defaultRules).rules.map((r) => r.id)).toEqual([
      'sanctions-match',
      'mixer-interaction',
      'high-risk-jurisdiction',
      'pep-counterparty',
      'high-value',
      'rapid-succession',
      'structuring',
      'rapid-round-trip',
      'behavioural-spike',
      'mule-pattern',
    ]);
  });

  it('high value: 10 000 USD fires, 9 999.99 does not', () => {
    expect(firedOnLast([tx(0, '10000')])).toContain('high-value');
    expect(firedOnLast([tx(0, '9999.99')])).not.toContain('high-value');
  });

  it('rapid succession: five transfers in an hour totalling 5 000 USD, not four, not 4 999.99, not spread over more than an hour', () => {
    const five = [0, 10, 20, 30, 40].map((m) => tx(m, '1000'));
    expect(firedOnLast(five)).toContain('rapid-succession');
    expect(firedOnLast(five.slice(0, 4))).not.toContain('rapid-succession');
    expect(firedOnLast([0, 10, 20, 30, 40].map((m, i) => tx(m, i === 4 ? '999.99' : '1000')))).not.toContain('rapid-succession');
    expect(firedOnLast([0, 15, 30, 45, 60].map((m) => tx(m, '1000')))).not.toContain('rapid-succession');
  });

  it('high-risk jurisdiction: a counterparty in a listed country fires, one elsewhere does not', () => {
    expect(firedOnLast([tx(0, '50', { counterpartyCountry: 'KP' })])).toContain('high-risk-jurisdiction');
    expect(firedOnLast([tx(0, '50', { counterpartyCountry: 'KR' })])).not.toContain('high-risk-jurisdiction');
  });

  it('mixer: a Tornado Cash pool fires in any case variant, a neighbouring address does not', () => {
    const pool = mixers.addresses[0]!.address;
    expect(firedOnLast([tx(0, '50', { assetId: 'ETH', counterpartyAddress: pool.toUpperCase().replace('0X', '0x') })])).toContain('mixer-interaction');
    expect(firedOnLast([tx(0, '50', { assetId: 'ETH', counterpartyAddress: `${pool.slice(0, -1)}${pool.endsWith('0') ? '1' : '0'}` })])).not.toContain('mixer-interaction');
  });

  it('sanctions: a real OFAC-listed address fires with block and SAR; a clean one does not', () => {
    const listed = '0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2';
    const hits = engine().evaluate(tx(0, '50', { direction: 'withdrawal', assetId: 'ETH', counterpartyAddress: listed }), customer);
    const hit = hits.find((h) => h.ruleId === 'sanctions-match');
    expect(hit?.actions).toEqual([{ type: 'alert', level: 'critical' }, { type: 'block_sar' }]);
    expect(hit?.conditions).toEqual([expect.objectContaining({ held: true, actual: listed })]);
    expect(firedOnLast([tx(0, '50', { assetId: 'ETH', counterpartyAddress: '0x52908400098527886E0F7030069857D2E4169EE7' })])).not.toContain('sanctions-match');
  });

  it('structuring: the third transfer between 2 700 and 2 999.99 USD within 24 h fires; two do not, nor three over 25 h, nor one at 3 000', () => {
    const three = [0, 300, 600].map((m) => tx(m, '2950'));
    expect(firedOnLast(three)).toContain('structuring');
    expect(firedOnLast(three.slice(0, 2))).not.toContain('structuring');
    expect(firedOnLast([0, 750, 1500].map((m) => tx(m, '2950')))).not.toContain('structuring');
    expect(firedOnLast([tx(0, '2950'), tx(300, '2950'), tx(600, '3000')])).not.toContain('structuring');
  });

  it('rapid round trip: the same external wallet in and out within an hour, either order; not after 61 minutes, not another wallet', () => {
    const wallet = 'bc1qroundtripwallet00000000000000000000000';
    expect(firedOnLast([tx(0, '500', { counterpartyAddress: wallet }), tx(45, '490', { direction: 'withdrawal', counterpartyAddress: wallet })])).toContain('rapid-round-trip');
    expect(firedOnLast([tx(0, '500', { direction: 'withdrawal', counterpartyAddress: wallet }), tx(30, '490', { counterpartyAddress: wallet })])).toContain('rapid-round-trip');
    expect(firedOnLast([tx(0, '500', { counterpartyAddress: wallet }), tx(61, '490', { direction: 'withdrawal', counterpartyAddress: wallet })])).not.toContain('rapid-round-trip');
    expect(firedOnLast([tx(0, '500', { counterpartyAddress: wallet }), tx(10, '490', { direction: 'withdrawal', counterpartyAddress: `${wallet}x` })])).not.toContain('rapid-round-trip');
  });

  it('behavioural spike: above 200 % of the 90-day average fires; exactly 200 % does not; nor without three earlier transfers', () => {
    const history = [0, 1440 * 10, 1440 * 20].map((m) => tx(m, '1000'));
    const spike = firedOnLast([...history, tx(1440 * 30, '2000.01')]);
    expect(spike).toContain('behavioural-spike');
    expect(firedOnLast([...history, tx(1440 * 30, '2000')])).not.toContain('behavioural-spike');
    expect(firedOnLast([...history.slice(0, 2), tx(1440 * 30, '5000')])).not.toContain('behavioural-spike');
    // History older than 90 days does not count.
    expect(firedOnLast([...history, tx(1440 * 200, '5000')])).not.toContain('behavioural-spike');
  });

  it('mule pattern: a new account with five different senders in a week sending onward fires; four senders, an old account, or a deposit do not', () => {
    const fresh: CustomerFacts = { ...customer, onboardedAt: '2026-02-20T00:00:00.000Z' };
    const senders = (k: number): MonitoredTransaction[] => Array.from({ length: k }, (_, i) => tx(i * 600, '300', { counterpartyAddress: `bc1qsender${i}` }));
    const onward = (): MonitoredTransaction => tx(5000, '1400', { direction: 'withdrawal', counterpartyAddress: 'bc1qonward' });
    expect(firedOnLast([...senders(5), onward()], fresh)).toContain('mule-pattern');
    expect(firedOnLast([...senders(4), onward()], fresh)).not.toContain('mule-pattern');
    // The same sender five times is one sender.
    expect(firedOnLast([...Array.from({ length: 5 }, (_, i) => tx(i * 600, '300', { counterpartyAddress: 'bc1qsame' })), onward()], fresh)).not.toContain('mule-pattern');
    expect(firedOnLast([...senders(5), onward()], customer)).not.toContain('mule-pattern');
    expect(firedOnLast([...senders(6)], fresh)).not.toContain('mule-pattern');
  });

  it('PEP counterparty: by Travel Rule data or a known PEP address; not otherwise', () => {
    expect(firedOnLast([tx(0, '50', { counterpartyPep: true })])).toContain('pep-counterparty');
    expect(firedOnLast([tx(0, '50', { counterpartyAddress: '0x00000000000000000000000000000000000000aa' })])).toContain('pep-counterparty');
    expect(firedOnLast([tx(0, '50')])).not.toContain('pep-counterparty');
  });

  it('explains a hit with the values behind every condition and the aggregates it read', () => {
    const e = engine();
    let hits: ReturnType<MonitoringEngine['evaluate']> = [];
    for (const m of [0, 10, 20, 30, 40]) hits = e.evaluate(tx(m, '1200'), customer);
    const rapid = hits.find((h) => h.ruleId === 'rapid-succession')!;
    expect(rapid.conditions).toEqual([
      { path: 'rules.5.when.all.0', text: 'customer-count-1h ≥ 5', held: true, actual: '5', aggregate: 'customer-count-1h' },
      { path: 'rules.5.when.all.1', text: 'customer-usd-1h ≥ 5000.00 USD', held: true, actual: '6000.00 USD', aggregate: 'customer-usd-1h' },
    ]);
    expect(rapid.aggregates).toMatchObject({ 'customer-count-1h': '5', 'customer-usd-1h': '600000' });
  });

  it('is deterministic: the same transactions give the same hits, and each customer has its own windows', () => {
    const run = (): string[] => {
      const e = engine();
      const out: string[] = [];
      for (let i = 0; i < 200; i++) {
        const t = tx(i * 7, String(500 + ((i * 7919) % 3000)), { customerId: `C-${i % 3}`, counterpartyAddress: `bc1qpeer${i % 11}`, direction: i % 4 === 0 ? 'withdrawal' : 'deposit' });
        for (const h of e.evaluate(t, customer)) out.push(`${i}:${h.ruleId}`);
      }
      return out;
    };
    n = 0;
    const first = run();
    n = 0;
    expect(run()).toEqual(first);
    expect(first.length).toBeGreaterThan(0);
  });
});
