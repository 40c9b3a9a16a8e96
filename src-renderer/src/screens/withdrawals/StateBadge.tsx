import { Badge } from '@mantine/core';
import { STATE_COLORS, STATE_LABELS, type WithdrawalState } from './withdrawal-format';

export function StateBadge({ state, size = 'sm' }: { state: WithdrawalState; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge size={size} variant="light" color={STATE_COLORS[state]} tt="none" fw={600} data-testid="withdrawal-state" data-state={state}>
      {STATE_LABELS[state]}
    </Badge>
  );
}
