/**
 * Who may do what on the Alerts, Rules and Cases screens. The core decides (every command checks
 * its roles; approvals check the author; closing a case checks four eyes); these lists only keep
 * the screens from offering what would be refused by role alone. A unit test holds them equal to
 * the commands' access lists in src-shared/commands/monitoring.commands.ts and cases.commands.ts.
 */
import { SAR_ROLES, type Role } from '../../../../src-shared/roles';

/** monitoring.alerts.list / get / groups, monitoring.rules.list / get, monitoring.suppressions.list. */
export const ALERT_READERS: readonly Role[] = ['compliance_analyst', 'compliance_officer', 'auditor'];

/** monitoring.alerts.assign / next / close, monitoring.suppressions.create, monitoring.backtest.start. */
export const ALERT_WORKERS: readonly Role[] = ['compliance_analyst', 'compliance_officer'];

/** monitoring.rules.draft / approve / reject (approve: not the author, the core checks). */
export const RULE_OFFICERS: readonly Role[] = ['compliance_officer'];

/** cases.* and sar.* (draft, update, export): SAR confidentiality, src-shared/roles.ts. */
export const CASE_WORKERS: readonly Role[] = SAR_ROLES;

/** sar.approve, sar.file, cases.reopen. */
export const SAR_OFFICERS: readonly Role[] = ['compliance_officer'];

export const holdsAny = (roles: readonly Role[], allowed: readonly Role[]): boolean => roles.some((r) => allowed.includes(r));
