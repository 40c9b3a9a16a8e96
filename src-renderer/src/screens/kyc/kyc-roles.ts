/**
 * Who may do what on the KYC screen. The core decides (every command checks its roles, and
 * approval checks enhanced due diligence on a fresh assessment); these lists only keep the screen
 * from offering what would be refused by role alone. A unit test holds them equal to the
 * commands' access lists in src-shared/commands/kyc.commands.ts.
 */
import type { Role } from '../../../../src-shared/roles';

/** kyc.customers.list / get, kyc.documents.read, kyc.reviews.due, kyc.lists.list, kyc.screen.*, kyc.rescreen.status. */
export const KYC_READERS: readonly Role[] = ['compliance_analyst', 'compliance_officer', 'auditor'];

/** kyc.hits.resolve, kyc.customers.approve / reject / requestInformation / reverify. */
export const KYC_DECIDERS: readonly Role[] = ['compliance_analyst', 'compliance_officer'];

/** kyc.rescreen.start: a re-screen of everyone against the whole of every list. */
export const RESCREEN_STARTERS: readonly Role[] = ['compliance_officer'];

/** Who may approve a file under enhanced due diligence (the core's rule, kyc.service.ts). */
export const EDD_APPROVERS: readonly Role[] = ['compliance_officer'];

export const holdsAny = (roles: readonly Role[], allowed: readonly Role[]): boolean => roles.some((r) => allowed.includes(r));
