/**
 * Chart of accounts: customer accounts per asset, and the firm's accounts per asset (hot, cold and
 * omnibus wallets, network fees, fee revenue, suspense, counterparties, equity). Firm accounts are
 * opened on first use with a predictable code.
 */
import { randomBytes } from 'node:crypto';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import { connectionCache, type ReadableDB, type WritableDB } from '../db/database';
import { findAccountByCode, getAsset, insertAccount, type AccountKind, type AccountRow, type AssetRow } from '../db/ledger.repository';

const DEBIT_NORMAL: ReadonlySet<AccountKind> = new Set<AccountKind>(['wallet_hot', 'wallet_cold', 'omnibus', 'fees', 'suspense']);

export function accountCode(kind: AccountKind, assetId: string, qualifier?: string): string {
  switch (kind) {
    case 'customer':
      return `CUST/${qualifier}/${assetId}`;
    case 'wallet_hot':
      return `HOT/${assetId}`;
    case 'wallet_cold':
      return `COLD/${assetId}`;
    case 'omnibus':
      return `OMNI/${assetId}`;
    case 'fees':
      return `FEES/NETWORK/${assetId}`;
    case 'fee_revenue':
      return `FEES/REVENUE/${assetId}`;
    case 'suspense':
      return `SUSPENSE/${assetId}`;
    case 'counterparty':
      return `CPTY/${qualifier}/${assetId}`;
    case 'equity':
      return `EQUITY/${assetId}`;
  }
}

const LABELS: Readonly<Record<AccountKind, string>> = {
  customer: 'Customer balance',
  wallet_hot: 'Hot wallet',
  wallet_cold: 'Cold wallet',
  omnibus: 'Omnibus wallet',
  fees: 'Network fees',
  fee_revenue: 'Fee revenue',
  suspense: 'Suspense',
  counterparty: 'Counterparty',
  equity: 'Firm equity',
};

export class AccountsService {
  constructor(private readonly clock: Clock) {}

  requireAsset(db: ReadableDB, assetId: string): AssetRow {
    const asset = getAsset(db, assetId);
    if (!asset) throw new VaultlineError('NOT_FOUND', `Unknown asset "${assetId}".`, { issues: [{ path: 'assetId', message: `unknown asset ${assetId}` }] });
    return asset;
  }

  /** The account with this kind/asset/qualifier, opened now if it does not exist yet. */
  ensure(db: WritableDB, kind: AccountKind, assetId: string, qualifier?: string): AccountRow {
    if ((kind === 'customer' || kind === 'counterparty') && !qualifier) throw new VaultlineError('VALIDATION', `A ${kind} account needs an owner.`);
    const code = accountCode(kind, assetId, qualifier);
    const byCode = connectionCache<AccountRow>(db, 'accounts-by-code');
    const cached = byCode.get(code);
    if (cached) return cached;
    const existing = findAccountByCode(db, code);
    if (existing) {
      byCode.set(code, existing);
      return existing;
    }
    this.requireAsset(db, assetId);
    const row: AccountRow = {
      id: `acc_${randomBytes(8).toString('hex')}`,
      code,
      kind,
      assetId,
      customerId: kind === 'customer' ? qualifier! : null,
      label: qualifier && kind !== 'customer' ? `${LABELS[kind]} ${qualifier}` : LABELS[kind],
      normal: DEBIT_NORMAL.has(kind) ? 'debit' : 'credit',
      // What the firm owes a customer can never be negative; firm accounts record what happened.
      allowNegative: kind !== 'customer',
      createdAt: this.clock.now().toISOString(),
    };
    insertAccount(db, row);
    byCode.set(code, row);
    return row;
  }

  find(db: ReadableDB, kind: AccountKind, assetId: string, qualifier?: string): AccountRow | undefined {
    return findAccountByCode(db, accountCode(kind, assetId, qualifier));
  }
}
