/**
 * Who may do what on the Ledger screen. The core decides (every command checks its roles); these
 * lists only keep the screen from offering what would be refused. A unit test holds them equal to
 * the commands' own access lists in src-shared/commands/ledger.commands.ts.
 */
import type { Role } from '../../../../src-shared/roles';

/** ledger.accounts.list, ledger.entries.*, ledger.statement*, reconciliation.exceptions.list/get. */
export const LEDGER_READERS: readonly Role[] = ['custody_officer', 'compliance_analyst', 'compliance_officer', 'auditor'];

/** reconciliation.exceptions.explain and reconciliation.adjustments.propose/approve/reject. */
export const RECONCILERS: readonly Role[] = ['custody_officer', 'compliance_officer'];

/** operators.list: who can turn an operator id into a name. */
export const OPERATOR_READERS: readonly Role[] = ['admin', 'auditor'];

export const holdsAny = (roles: readonly Role[], allowed: readonly Role[]): boolean => roles.some((r) => allowed.includes(r));
