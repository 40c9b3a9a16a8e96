/** Customer statements: a customer's postings with running balances, and their CSV form. */
import type { ReadableDB } from '../db/database';
import { balanceAsOf, customerAccounts, listAssets, statementPage } from '../db/ledger.repository';
import { formatAmount } from '../../src-shared/money';

export interface StatementLine {
  readonly postingId: number;
  readonly entryId: string;
  readonly postedAt: string;
  readonly type: string;
  readonly description: string;
  readonly assetId: string;
  readonly change: string;
  readonly balance: string;
}

export interface StatementQuery {
  readonly customerId: string;
  readonly assetId?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly afterId?: number | undefined;
}

/**
 * Customer accounts are credit-normal: a credit (negative signed amount) raises what the firm owes
 * the customer, so the customer-facing change is the negated posting.
 */
export function statement(db: ReadableDB, query: StatementQuery, limit: number): { lines: StatementLine[]; openingBalances: Record<string, string> } {
  const accounts = customerAccounts(db, query.customerId).filter((a) => !query.assetId || a.assetId === query.assetId);
  const openingBalances: Record<string, string> = {};
  const lines: StatementLine[] = [];
  for (const account of accounts) {
    openingBalances[account.assetId] = query.from ? balanceAsOfBefore(db, account.id, query.from).toString() : '0';
    for (const row of statementPage(db, account.id, { from: query.from, to: query.to, afterId: query.afterId }, limit)) {
      lines.push({
        postingId: row.id,
        entryId: row.entryId,
        postedAt: row.postedAt,
        type: row.type,
        description: row.description,
        assetId: row.assetId,
        change: (-BigInt(row.amount)).toString(),
        balance: row.balanceAfter,
      });
    }
  }
  lines.sort((a, b) => a.postingId - b.postingId);
  return { lines: lines.slice(0, limit), openingBalances };
}

function balanceAsOfBefore(db: ReadableDB, accountId: string, from: string): bigint {
  // The opening balance is the balance just before `from`: the last posting strictly earlier.
  const justBefore = new Date(new Date(from).getTime() - 1).toISOString();
  return balanceAsOf(db, accountId, justBefore);
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value; // no formula injection in spreadsheets
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function statementCsv(db: ReadableDB, query: StatementQuery): { csv: string; lines: number } {
  const decimals = new Map(listAssets(db).map((a) => [a.id, a.decimals]));
  const out: string[] = ['posted_at,entry_id,type,description,asset,credit,debit,balance'];
  let afterId = 0;
  let count = 0;
  for (;;) {
    const page = statement(db, { ...query, afterId }, 1000);
    for (const line of page.lines) {
      const d = decimals.get(line.assetId) ?? 0;
      const change = BigInt(line.change);
      out.push(
        [
          line.postedAt,
          line.entryId,
          line.type,
          line.description,
          line.assetId,
          change > 0n ? formatAmount(change, d) : '',
          change < 0n ? formatAmount(-change, d) : '',
          formatAmount(BigInt(line.balance), d),
        ]
          .map(csvField)
          .join(','),
      );
      count += 1;
    }
    if (page.lines.length < 1000) break;
    afterId = page.lines[page.lines.length - 1]!.postingId;
  }
  return { csv: `${out.join('\r\n')}\r\n`, lines: count };
}
