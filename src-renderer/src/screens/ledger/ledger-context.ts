/**
 * What every part of the Ledger screen needs: the assets (for their decimals), what the operator
 * may do, how to name an operator id, and how to move around (open an entry, an account, an
 * exception). Provided once by LedgerScreen.
 */
import { createContext, useContext } from 'react';
import type { AssetView } from './ledger-query';

export type LedgerTab = 'accounts' | 'journal' | 'reconciliation';

export interface LedgerNav {
  readonly setTab: (tab: LedgerTab) => void;
  readonly openEntry: (entryId: string | null) => void;
  readonly openAccount: (accountId: string | null) => void;
  readonly openException: (exceptionId: string | null) => void;
  /** The journal filtered to one account. */
  readonly showJournalFor: (account: { readonly id: string; readonly code: string; readonly assetId: string }) => void;
}

export interface LedgerContextValue {
  readonly assets: ReadonlyMap<string, AssetView>;
  readonly canReconcile: boolean;
  readonly myOperatorId: string;
  /** `op_…` → a name to show; the id itself when this operator may not list operators. */
  readonly operatorName: (operatorId: string) => string;
  readonly nav: LedgerNav;
  /** Bumped after a change that moves balances (an approved adjustment): views reload. */
  readonly revision: number;
  readonly bumpRevision: () => void;
}

export const LedgerContext = createContext<LedgerContextValue | null>(null);

export function useLedger(): LedgerContextValue {
  const value = useContext(LedgerContext);
  if (!value) throw new Error('useLedger outside the Ledger screen');
  return value;
}

/** The asset's decimals, or undefined for an asset the console does not list (shown in minor units then). */
export function decimalsOf(assets: ReadonlyMap<string, AssetView>, assetId: string): number | undefined {
  return assets.get(assetId)?.decimals;
}
