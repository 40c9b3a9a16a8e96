/**
 * The console's modules as the navigation shows them. `available` says whether this build has the
 * module; unavailable ones get an honest empty state, never sample data.
 */
import type { Role } from '../../../src-shared/roles';

export type ModuleKey = 'kyc' | 'alerts' | 'cases' | 'withdrawals' | 'ledger' | 'bundles' | 'evidence' | 'audit' | 'operators' | 'settings';

export interface ModuleInfo {
  readonly key: ModuleKey;
  readonly label: string;
  readonly path: string;
  readonly description: string;
  readonly available: boolean;
  /** Roles that may open it; undefined = every signed-in operator. */
  readonly roles?: readonly Role[];
  readonly group: 'operations' | 'compliance' | 'oversight' | 'console';
}

export const MODULES: readonly ModuleInfo[] = [
  {
    key: 'withdrawals',
    label: 'Withdrawals',
    path: '/withdrawals',
    group: 'operations',
    available: true,
    roles: ['custody_officer', 'compliance_officer', 'compliance_analyst', 'auditor'],
    description: 'Review withdrawal requests, approve as one of a quorum, sign with the HSM.',
  },
  {
    key: 'ledger',
    label: 'Ledger',
    path: '/ledger',
    group: 'operations',
    available: true,
    roles: ['custody_officer', 'compliance_analyst', 'compliance_officer', 'auditor'],
    description: 'Balances and firm positions, the journal, customer statements and the reconciliation queue.',
  },
  {
    key: 'bundles',
    label: 'Bundles',
    path: '/bundles',
    group: 'operations',
    available: true,
    roles: ['custody_officer', 'compliance_analyst', 'compliance_officer', 'auditor', 'admin'],
    description: 'Signed file and QR bundles exchanged with the online node.',
  },
  {
    key: 'kyc',
    label: 'KYC',
    path: '/kyc',
    group: 'compliance',
    available: true,
    roles: ['compliance_analyst', 'compliance_officer', 'auditor'],
    description: 'Customer due-diligence files: the verification queue, documents, screening hits, risk, reviews due.',
  },
  {
    key: 'alerts',
    label: 'Alerts',
    path: '/alerts',
    group: 'compliance',
    available: true,
    roles: ['compliance_analyst', 'compliance_officer', 'auditor'],
    description: 'Transaction-monitoring alerts to triage, each explained, and the monitoring rules with their versions and backtests.',
  },
  // SAR confidentiality: only SAR_ROLES (src-shared/roles.ts) may learn that a case or a SAR exists.
  {
    key: 'cases',
    label: 'Cases',
    path: '/cases',
    group: 'compliance',
    available: true,
    roles: ['compliance_analyst', 'compliance_officer'],
    description: 'Investigations opened from alerts: workflow, notes, attachments, decisions, SAR/STR drafting and filing.',
  },
  {
    key: 'evidence',
    label: 'Evidence',
    path: '/evidence',
    group: 'oversight',
    available: true,
    roles: ['auditor', 'compliance_officer'],
    description: 'Signed evidence packages anyone can verify, and the record search for regulators’ requests.',
  },
  { key: 'audit', label: 'Audit', path: '/audit', group: 'oversight', available: true, roles: ['auditor', 'admin', 'compliance_officer'], description: 'The hash-chained audit trail and its verification.' },
  { key: 'operators', label: 'Operators', path: '/operators', group: 'console', available: true, roles: ['admin', 'auditor'], description: 'Operators, their roles, tokens and lockouts.' },
  { key: 'settings', label: 'Settings', path: '/settings', group: 'console', available: true, description: 'Lock, passphrase and console information.' },
];

export const MODULE_GROUPS: readonly { readonly key: ModuleInfo['group']; readonly label: string }[] = [
  { key: 'operations', label: 'Operations' },
  { key: 'compliance', label: 'Compliance' },
  { key: 'oversight', label: 'Oversight' },
  { key: 'console', label: 'Console' },
];

export function canOpen(module: ModuleInfo, roles: readonly Role[]): boolean {
  return module.roles === undefined || module.roles.some((r) => roles.includes(r));
}

export function moduleByKey(key: ModuleKey): ModuleInfo {
  const found = MODULES.find((m) => m.key === key);
  if (!found) throw new Error(`unknown module ${key}`);
  return found;
}
