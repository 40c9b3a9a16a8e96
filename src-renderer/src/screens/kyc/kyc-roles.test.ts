import { describe, expect, it } from 'vitest';
import { commands, type Access } from '../../../../src-shared/commands';
import { EDD_APPROVERS, KYC_DECIDERS, KYC_READERS, RESCREEN_STARTERS } from './kyc-roles';

const rolesOf = (access: Access): readonly string[] | undefined => (typeof access === 'object' ? access.roles : undefined);
const sorted = (roles: readonly string[] | undefined): string[] => [...(roles ?? [])].sort();

describe('kyc roles', () => {
  it('are the commands’ own access lists', () => {
    for (const name of ['kyc.customers.list', 'kyc.customers.get', 'kyc.documents.read', 'kyc.reviews.due', 'kyc.lists.list', 'kyc.screen.name', 'kyc.screen.address', 'kyc.rescreen.status'] as const) {
      expect(sorted(KYC_READERS)).toEqual(sorted(rolesOf(commands[name].access)));
    }
    for (const name of ['kyc.hits.resolve', 'kyc.customers.approve', 'kyc.customers.reject', 'kyc.customers.requestInformation', 'kyc.customers.reverify'] as const) {
      expect(sorted(KYC_DECIDERS)).toEqual(sorted(rolesOf(commands[name].access)));
    }
    expect(EDD_APPROVERS.every((r) => KYC_DECIDERS.includes(r))).toBe(true);
    expect(sorted(RESCREEN_STARTERS)).toEqual(sorted(rolesOf(commands['kyc.rescreen.start'].access)));
  });
});
