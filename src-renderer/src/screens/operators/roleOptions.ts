import { ROLE_LABELS, ROLES } from '../../../../src-shared/roles';

export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
