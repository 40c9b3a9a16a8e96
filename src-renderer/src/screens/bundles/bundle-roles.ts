import type { Role } from '../../../../src-shared/roles';

/** Who moves bundles (import, export): as the core's command catalogue says (bundles.commands.ts). */
export const MOVERS: readonly Role[] = ['custody_officer', 'compliance_officer'];
export const APPROVERS: readonly Role[] = ['custody_officer', 'compliance_officer'];

export function holdsAny(roles: readonly Role[], wanted: readonly Role[]): boolean {
  return roles.some((r) => wanted.includes(r));
}
