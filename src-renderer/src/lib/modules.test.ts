import { describe, expect, it } from 'vitest';
import { commands, type Access } from '../../../src-shared/commands';
import { canOpen, MODULES, moduleByKey } from './modules';

const rolesOf = (access: Access): readonly string[] | undefined => (typeof access === 'object' ? access.roles : undefined);

describe('modules', () => {
  it('lists every module the design names, each once', () => {
    const keys = MODULES.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of ['kyc', 'alerts', 'cases', 'withdrawals', 'ledger', 'bundles', 'evidence', 'audit', 'settings'] as const) expect(keys).toContain(key);
  });

  it('gates modules by the same roles as their commands', () => {
    expect(moduleByKey('audit').roles).toEqual(rolesOf(commands['audit.list'].access));
    expect(moduleByKey('operators').roles).toEqual(rolesOf(commands['operators.list'].access));
    expect(moduleByKey('ledger').roles).toEqual(rolesOf(commands['ledger.accounts.list'].access));
    expect(canOpen(moduleByKey('ledger'), ['admin'])).toBe(false);
    expect(moduleByKey('withdrawals').roles).toEqual(rolesOf(commands['custody.withdrawals.list'].access));
    expect(canOpen(moduleByKey('withdrawals'), ['admin'])).toBe(false);
    expect(moduleByKey('kyc').roles).toEqual(rolesOf(commands['kyc.customers.list'].access));
    expect(canOpen(moduleByKey('kyc'), ['custody_officer'])).toBe(false);
    expect(moduleByKey('bundles').roles).toEqual(rolesOf(commands['bundles.list'].access));
    expect(moduleByKey('evidence').roles).toEqual(rolesOf(commands['evidence.export'].access));
    expect(canOpen(moduleByKey('evidence'), ['custody_officer'])).toBe(false);
    expect(canOpen(moduleByKey('audit'), ['custody_officer'])).toBe(false);
    expect(canOpen(moduleByKey('audit'), ['auditor'])).toBe(true);
    expect(canOpen(moduleByKey('settings'), ['custody_officer'])).toBe(true);
    expect(moduleByKey('alerts').roles).toEqual(rolesOf(commands['monitoring.alerts.list'].access));
    expect(moduleByKey('cases').roles).toEqual(rolesOf(commands['cases.list'].access));
    expect(canOpen(moduleByKey('cases'), ['custody_officer'])).toBe(false);
    expect(canOpen(moduleByKey('cases'), ['auditor'])).toBe(false);
  });
});
