import { describe, expect, it } from 'vitest';
import { VaultlineError } from '../errors';
import { strDraft } from './sar.fixture';
import { formatUsdCents, parseSarDraft, requireExportable } from './sar.model';
import { narrativeTemplate } from './sar.narrative';

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseSarDraft(input);
  } catch (error) {
    if (error instanceof VaultlineError && error.code === 'VALIDATION') return [...(error.issues ?? [])];
    throw error;
  }
  throw new Error('expected the draft to be refused');
}

describe('SAR/STR model', () => {
  it('parses a draft into bigint minor units and USD cents, exactly', () => {
    const report = parseSarDraft(strDraft());
    const [dep1, , dep3, wd] = report.transactions;
    expect(dep1!.amountMinor).toBe(950_000_000_000_000_000n);
    expect(dep3!.amountMinor).toBe(970_166_666_666_666_667n); // 18 decimals, no float anywhere
    expect(wd!.usdCents).toBe(1_234_567n);
    expect(typeof wd!.amountMinor).toBe('bigint');
    expect(report.localCurrency).toBe('USD');
    expect(Object.isFrozen(report)).toBe(true);
    expect(Object.isFrozen(report.transactions[0]!.asset)).toBe(true);
  });

  it('refuses a broken draft with one field issue per fault', () => {
    const draft = strDraft();
    const { rentityId: _dropped, ...entity } = draft.reportingEntity;
    const issues = issuesOf({
      ...draft,
      reportingEntity: entity,
      transactions: draft.transactions.map((t, i) => (i === 0 ? { ...t, amount: '0.1234567', asset: { ...t.asset, decimals: 6 } } : t)),
      detectionDate: 'yesterday',
      subjects: draft.subjects.map((s) => ({ ...s, birthDate: '1984-02-30' })),
    });
    const paths = issues.map((i) => i.path);
    expect(paths).toContain('reportingEntity.rentityId');
    expect(paths).toContain('transactions.0.amount');
    expect(paths).toContain('detectionDate');
    expect(paths).toContain('subjects.0.birthDate');
    expect(issues.find((i) => i.path === 'transactions.0.amount')!.message).toBe('amount (ETH) has 7 decimal places; this asset allows at most 6');
    expect(issues.find((i) => i.path === 'detectionDate')!.message).toBe('must be a date YYYY-MM-DD');
  });

  it('refuses floats and money with the wrong precision', () => {
    const draft = strDraft();
    const withTx = (patch: object) => ({ ...draft, transactions: [{ ...draft.transactions[0]!, ...patch }, ...draft.transactions.slice(1)] });
    expect(issuesOf(withTx({ amount: 0.95 })).map((i) => i.path)).toEqual(['transactions.0.amount']);
    expect(issuesOf(withTx({ usdValue: '2850.005' }))[0]).toEqual({ path: 'transactions.0.usdValue', message: 'must be a USD amount like "12345.67" (at most two decimal places)' });
    expect(issuesOf(withTx({ amount: '1e3' }))[0]!.path).toBe('transactions.0.amount');
    expect(issuesOf(withTx({ amount: '0' }))[0]).toEqual({ path: 'transactions.0.amount', message: 'must be greater than zero' });
  });

  it('checks the references between subjects, transactions and alerts', () => {
    const draft = strDraft();
    const issues = issuesOf({
      ...draft,
      transactions: [{ ...draft.transactions[0]!, customerId: 'cus_unknown' }, ...draft.transactions.slice(1)],
      alerts: [{ ...draft.alerts[0]!, transactionIds: ['dep_99'] }],
    });
    expect(issues).toEqual([
      { path: 'transactions.0.customerId', message: '"cus_unknown" is not one of the report\'s subjects' },
      { path: 'alerts.0.transactionIds.0', message: '"dep_99" is not one of the report\'s transactions' },
    ]);
  });

  it('refuses unknown fields, countries that do not exist and control characters', () => {
    const draft = strDraft();
    const subject = draft.subjects[0]!;
    const paths = issuesOf({
      ...draft,
      extra: true,
      subjects: [{ ...subject, residence: 'XX' }],
      actionTaken: 'blocked\u0000',
    }).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['', 'subjects.0.residence', 'actionTaken']));
  });

  it('normalises narrative line ends and counts characters, not UTF-16 units', () => {
    const report = parseSarDraft({ ...strDraft(), narrative: 'a\r\nb\rc' });
    expect(report.narrative).toBe('a\nb\nc');
    expect(() => parseSarDraft({ ...strDraft(), narrative: '😀'.repeat(20_000) })).not.toThrow();
    expect(issuesOf({ ...strDraft(), narrative: '😀'.repeat(20_001) })[0]!.path).toBe('narrative');
  });

  it('requires an approval and a narrative to export', () => {
    const unapproved = parseSarDraft({ ...strDraft(), approval: null, narrative: '' });
    expect(() => requireExportable(unapproved, 'PDF')).toThrow(VaultlineError);
    try {
      requireExportable(unapproved, 'PDF');
    } catch (error) {
      expect((error as VaultlineError).issues!.map((i) => i.path)).toEqual(['approval', 'narrative']);
    }
    expect(() => requireExportable(parseSarDraft(strDraft()), 'PDF')).not.toThrow();
  });

  it('formats USD cents from the bigint', () => {
    expect(formatUsdCents(1_234_567n)).toBe('12345.67');
    expect(formatUsdCents(285_000n)).toBe('2850.00');
    expect(formatUsdCents(5n)).toBe('0.05');
    expect(formatUsdCents(123_456_789_012_345_678_901n)).toBe('1234567890123456789.01');
  });

  it('pre-fills the narrative template from the model', () => {
    const text = narrativeTemplate(parseSarDraft(strDraft()));
    for (const heading of ['WHO.', 'WHAT.', 'WHEN.', 'WHERE.', 'WHY.', 'HOW.', 'ACTION TAKEN.']) expect(text).toContain(heading);
    expect(text).toContain('Jörg Brenner (customer cus_7f3a9c2e11), born 1984-07-19, national of DE, resident in AE, identified by passport C01X00T47 issued by DE');
    expect(text).toContain('4 virtual-asset transfers (3 deposits, 1 withdrawal) with a total value of 21081.42 USD');
    expect(text).toContain('withdrawal of 4.115223 ETH (12345.67 USD) on Ethereum mainnet, from 0x7E2a2FA2a064F693f0a55C5639476d913Ff12D05 to 0x5f48c2a71b2cc96e3f0ccae4e39318ff0dc375b2');
    expect(text).toContain('From 2026-11-02 to 2026-11-03. The activity was detected on 2026-11-03');
    expect(text).toContain('Sanctioned counterparty address (rule sanctions-match, version 3), alert alr_0194');
    expect(text).toContain('[Analyst:');
    // The template is a valid narrative for the model (the analyst edits it, then it is stored).
    expect(() => parseSarDraft({ ...strDraft(), narrative: text })).not.toThrow();
  });
});
