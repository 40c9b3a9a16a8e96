/**
 * Who may do what on the Withdrawals screen. The core decides (every command checks its roles and
 * the workflow's own rules: the initiator cannot approve, one person one approval); these lists
 * only keep the screen from offering what would be refused by role alone. A unit test holds them
 * equal to the commands' access lists in src-shared/commands/custody.commands.ts.
 */
import type { Role } from '../../../../src-shared/roles';

/** custody.withdrawals.list / get. */
export const WITHDRAWAL_READERS: readonly Role[] = ['custody_officer', 'compliance_officer', 'compliance_analyst', 'auditor'];

/** custody.withdrawals.approve / reject. */
export const APPROVERS: readonly Role[] = ['custody_officer', 'compliance_officer'];

/** custody.withdrawals.sign. */
export const SIGNERS: readonly Role[] = ['custody_officer'];

/** custody.withdrawals.create / expire. */
export const CREATORS: readonly Role[] = ['custody_officer'];

export const holdsAny = (roles: readonly Role[], allowed: readonly Role[]): boolean => roles.some((r) => allowed.includes(r));
