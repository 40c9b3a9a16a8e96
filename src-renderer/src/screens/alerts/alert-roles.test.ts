import { describe, expect, it } from 'vitest';
import { commands, type Access } from '../../../../src-shared/commands';
import { SAR_ROLES } from '../../../../src-shared/roles';
import { moduleByKey } from '../../lib/modules';
import { ALERT_READERS, ALERT_WORKERS, CASE_WORKERS, RULE_OFFICERS, SAR_OFFICERS } from './alert-roles';

const rolesOf = (access: Access): readonly string[] | undefined => (typeof access === 'object' ? access.roles : undefined);
const sorted = (roles: readonly string[] | undefined): string[] => [...(roles ?? [])].sort();

describe('alerts, rules and cases roles', () => {
  it('are the commands’ own access lists', () => {
    for (const name of ['monitoring.alerts.list', 'monitoring.alerts.get', 'monitoring.alerts.groups', 'monitoring.rules.list', 'monitoring.rules.get'] as const) {
      expect(sorted(ALERT_READERS)).toEqual(sorted(rolesOf(commands[name].access)));
    }
    for (const name of ['monitoring.alerts.assign', 'monitoring.alerts.next', 'monitoring.alerts.close', 'monitoring.suppressions.create', 'monitoring.backtest.start'] as const) {
      expect(sorted(ALERT_WORKERS)).toEqual(sorted(rolesOf(commands[name].access)));
    }
    for (const name of ['monitoring.rules.draft', 'monitoring.rules.approve', 'monitoring.rules.reject'] as const) {
      expect(sorted(RULE_OFFICERS)).toEqual(sorted(rolesOf(commands[name].access)));
    }
    for (const name of ['cases.create', 'cases.list', 'cases.get', 'cases.note', 'cases.attach', 'cases.transition', 'cases.close', 'sar.draft', 'sar.get', 'sar.update', 'sar.export'] as const) {
      expect(sorted(CASE_WORKERS)).toEqual(sorted(rolesOf(commands[name].access)));
    }
    for (const name of ['sar.approve', 'sar.file'] as const) expect(sorted(SAR_OFFICERS)).toEqual(sorted(rolesOf(commands[name].access)));
  });

  it('gate the modules the same way: Cases only for SAR roles, never for custody or auditors', () => {
    expect(sorted(moduleByKey('alerts').roles)).toEqual(sorted(ALERT_READERS));
    expect(sorted(moduleByKey('cases').roles)).toEqual(sorted(SAR_ROLES));
    expect(moduleByKey('cases').roles).not.toContain('custody_officer');
    expect(moduleByKey('cases').roles).not.toContain('auditor');
  });
});
