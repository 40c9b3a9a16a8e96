/** Operator roles (issue 3, "Operators"). `admin` manages operators and holds no approval role. */
export const ROLES = ['custody_officer', 'compliance_analyst', 'compliance_officer', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose holders approve money movements or compliance decisions. */
export const APPROVAL_ROLES: readonly Role[] = ['custody_officer', 'compliance_officer'];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  custody_officer: 'Custody officer',
  compliance_analyst: 'Compliance analyst',
  compliance_officer: 'Compliance officer (MLRO)',
  auditor: 'Auditor',
  admin: 'Administrator',
};

/**
 * Separation of duties: the administrator who grants roles must not also approve. Returns the
 * reason a role set is not allowed, or undefined when it is.
 */
export function roleSetProblem(roles: readonly Role[]): string | undefined {
  if (roles.length === 0) return 'an operator needs at least one role';
  if (new Set(roles).size !== roles.length) return 'roles must not repeat';
  if (roles.includes('admin') && roles.some((r) => APPROVAL_ROLES.includes(r))) {
    return 'admin cannot be combined with an approval role (custody_officer, compliance_officer)';
  }
  return undefined;
}

/**
 * SAR/STR confidentiality (FATF R21 tipping-off; 31 CFR 1020.320(e)): only compliance staff may
 * see that a suspicious activity report exists.
 */
export const SAR_ROLES: readonly Role[] = ['compliance_analyst', 'compliance_officer'];

export function canSeeSars(roles: readonly Role[]): boolean {
  return roles.some((r) => SAR_ROLES.includes(r));
}
