import { describe, expect, it } from 'vitest';
import { commands, type Access } from '../../../../src-shared/commands';
import { ACCESS_LOG_READERS, ALERT_ACKNOWLEDGERS, ALERT_READERS, EXPORTERS, SEARCHERS } from './evidence-roles';

const rolesOf = (access: Access): readonly string[] | undefined => (typeof access === 'object' ? access.roles : undefined);
const sorted = (roles: readonly string[] | undefined): string[] => [...(roles ?? [])].sort();

describe('evidence roles', () => {
  it('are the commands’ own access lists', () => {
    expect(sorted(EXPORTERS)).toEqual(sorted(rolesOf(commands['evidence.export'].access)));
    expect(sorted(EXPORTERS)).toEqual(sorted(rolesOf(commands['evidence.preview'].access)));
    expect(sorted(SEARCHERS)).toEqual(sorted(rolesOf(commands['vault.search'].access)));
    expect(sorted(ACCESS_LOG_READERS)).toEqual(sorted(rolesOf(commands['vault.access.list'].access)));
    expect(sorted(ALERT_READERS)).toEqual(sorted(rolesOf(commands['integrity.alerts.list'].access)));
    expect(sorted(ALERT_ACKNOWLEDGERS)).toEqual(sorted(rolesOf(commands['integrity.alerts.acknowledge'].access)));
  });
});
