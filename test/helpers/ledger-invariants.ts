/**
 * Checks the book from the raw tables, independently of the ledger code: every entry balances per
 * asset, has postings, and every maintained balance equals the sum of its postings.
 */
import type Database from 'better-sqlite3';

export interface BookCheck {
  readonly entries: number;
  readonly postings: number;
  readonly problems: string[];
}

export function checkBook(sqlite: Database.Database): BookCheck {
  const problems: string[] = [];
  const perEntry = new Map<number, Map<string, bigint>>();
  const perAccount = new Map<string, bigint>();
  let postings = 0;
  for (const row of sqlite.prepare('SELECT entry_seq AS seq, account_id AS account, asset_id AS asset, amount FROM postings').iterate() as IterableIterator<{ seq: number; account: string; asset: string; amount: string }>) {
    postings += 1;
    const byAsset = perEntry.get(row.seq) ?? new Map<string, bigint>();
    byAsset.set(row.asset, (byAsset.get(row.asset) ?? 0n) + BigInt(row.amount));
    perEntry.set(row.seq, byAsset);
    perAccount.set(row.account, (perAccount.get(row.account) ?? 0n) + BigInt(row.amount));
  }
  const entries = sqlite.prepare('SELECT seq FROM journal_entries').all() as { seq: number }[];
  for (const { seq } of entries) {
    const byAsset = perEntry.get(seq);
    if (!byAsset || byAsset.size === 0) problems.push(`entry ${seq} has no postings`);
    else for (const [asset, total] of byAsset) if (total !== 0n) problems.push(`entry ${seq} is unbalanced in ${asset} by ${total}`);
  }
  for (const seq of perEntry.keys()) if (!entries.some((e) => e.seq === seq)) problems.push(`postings refer to missing entry ${seq}`);
  const balances = sqlite.prepare('SELECT b.account_id AS account, b.balance, a.normal FROM account_balances b JOIN accounts a ON a.id = b.account_id').all() as { account: string; balance: string; normal: string }[];
  for (const b of balances) {
    const signed = perAccount.get(b.account) ?? 0n;
    const expected = b.normal === 'debit' ? signed : -signed;
    if (BigInt(b.balance) !== expected) problems.push(`account ${b.account} balance ${b.balance} ≠ sum of postings ${expected}`);
  }
  return { entries: entries.length, postings, problems };
}
