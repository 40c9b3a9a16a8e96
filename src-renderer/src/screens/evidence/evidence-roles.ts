/**
 * Who may do what on the Evidence and Audit screens. The core decides (every command checks its
 * roles); these lists only keep the screens from offering what would be refused. A unit test holds
 * them equal to the commands' own access lists in src-shared/commands.
 */
import type { Role } from '../../../../src-shared/roles';

/** evidence.preview and evidence.export. */
export const EXPORTERS: readonly Role[] = ['auditor', 'compliance_officer'];

/** vault.search and vault.records.read (search is also open to analysts; the screen is not). */
export const SEARCHERS: readonly Role[] = ['auditor', 'compliance_officer', 'compliance_analyst'];

/** vault.access.list: who read which record. */
export const ACCESS_LOG_READERS: readonly Role[] = ['auditor', 'compliance_officer'];

/** integrity.alerts.list. */
export const ALERT_READERS: readonly Role[] = ['compliance_officer', 'auditor', 'admin'];

/** integrity.alerts.acknowledge. */
export const ALERT_ACKNOWLEDGERS: readonly Role[] = ['compliance_officer', 'admin'];

export const holdsAny = (roles: readonly Role[], allowed: readonly Role[]): boolean => roles.some((r) => allowed.includes(r));
