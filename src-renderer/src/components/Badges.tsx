import { Badge, Group, Tooltip } from '@mantine/core';
import { ROLE_LABELS, type Role } from '../../../src-shared/roles';

const OUTCOME_COLOR = { ok: 'teal', refused: 'orange', error: 'red' } as const;
const OUTCOME_LABEL = { ok: 'OK', refused: 'Refused', error: 'Error' } as const;

export function OutcomeBadge({ outcome }: { outcome: 'ok' | 'refused' | 'error' }) {
  return (
    <Badge size="sm" variant="light" color={OUTCOME_COLOR[outcome]} miw={64}>
      {OUTCOME_LABEL[outcome]}
    </Badge>
  );
}

const ROLE_SHORT: Readonly<Record<Role, string>> = {
  custody_officer: 'Custody',
  compliance_analyst: 'Analyst',
  compliance_officer: 'MLRO',
  auditor: 'Auditor',
  admin: 'Admin',
};
const ROLE_COLOR: Readonly<Record<Role, string>> = {
  custody_officer: 'indigo',
  compliance_analyst: 'cyan',
  compliance_officer: 'grape',
  auditor: 'gray',
  admin: 'dark',
};

export function RoleBadges({ roles, size = 'sm' }: { roles: readonly Role[]; size?: 'xs' | 'sm' }) {
  return (
    <Group gap={4} wrap="nowrap">
      {roles.map((role) => (
        <Tooltip key={role} label={ROLE_LABELS[role]}>
          <Badge size={size} variant="outline" color={ROLE_COLOR[role]} tt="none">
            {ROLE_SHORT[role]}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}
