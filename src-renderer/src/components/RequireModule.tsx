import { EmptyState } from '@mantine/core';
import { IconLockAccess } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ROLE_LABELS } from '../../../src-shared/roles';
import { canOpen, moduleByKey, type ModuleKey } from '../lib/modules';
import { useSession } from '../stores/session.store';

/** Shows a module only to roles that may use it; the core enforces the same on every command. */
export function RequireModule({ module, children }: { module: ModuleKey; children: ReactNode }) {
  const roles = useSession((s) => s.operator?.roles ?? []);
  const info = moduleByKey(module);
  if (canOpen(info, roles)) return children;
  return (
    <EmptyState
      mt={80}
      icon={<IconLockAccess size={28} />}
      withIndicatorBackground
      title={`${info.label} needs another role`}
      description={`It is open to: ${(info.roles ?? []).map((r) => ROLE_LABELS[r]).join(', ')}.`}
    />
  );
}
