import { describe, expect, it } from 'vitest';
import { commands, type Access } from '../../../../src-shared/commands';
import { APPROVERS, CREATORS, SIGNERS, WITHDRAWAL_READERS } from './withdrawal-roles';

const rolesOf = (access: Access): readonly string[] | undefined => (typeof access === 'object' ? access.roles : undefined);
const sorted = (roles: readonly string[] | undefined): string[] => [...(roles ?? [])].sort();

describe('withdrawal roles', () => {
  it('are the commands’ own access lists', () => {
    expect(sorted(WITHDRAWAL_READERS)).toEqual(sorted(rolesOf(commands['custody.withdrawals.list'].access)));
    expect(sorted(WITHDRAWAL_READERS)).toEqual(sorted(rolesOf(commands['custody.withdrawals.get'].access)));
    expect(sorted(APPROVERS)).toEqual(sorted(rolesOf(commands['custody.withdrawals.approve'].access)));
    expect(sorted(APPROVERS)).toEqual(sorted(rolesOf(commands['custody.withdrawals.reject'].access)));
    expect(sorted(SIGNERS)).toEqual(sorted(rolesOf(commands['custody.withdrawals.sign'].access)));
    expect(sorted(CREATORS)).toEqual(sorted(rolesOf(commands['custody.withdrawals.create'].access)));
    expect(sorted(CREATORS)).toEqual(sorted(rolesOf(commands['custody.withdrawals.expire'].access)));
  });
});
