import { Badge } from '@mantine/core';
import { LEVEL_COLORS, LEVEL_LABELS, OUTCOME_COLORS, OUTCOME_LABELS, levelOf, outcomeOf } from './alert-format';

export function LevelBadge({ level }: { readonly level: string }) {
  const known = levelOf(level);
  return (
    <Badge size="sm" variant={known === 'critical' ? 'filled' : 'light'} color={known ? LEVEL_COLORS[known] : 'gray'} tt="none" data-testid="alert-level">
      {known ? LEVEL_LABELS[known] : level}
    </Badge>
  );
}

export function AlertStateBadge({ state, outcome }: { readonly state: string; readonly outcome: string | null }) {
  const known = outcomeOf(outcome);
  if (state === 'closed' && known) {
    return (
      <Badge size="sm" variant="light" color={OUTCOME_COLORS[known]} tt="none">
        {OUTCOME_LABELS[known]}
      </Badge>
    );
  }
  return (
    <Badge size="sm" variant={state === 'open' ? 'outline' : 'light'} color={state === 'suppressed' ? 'grape' : state === 'open' ? 'blue' : 'gray'} tt="none">
      {state === 'open' ? 'Open' : state === 'suppressed' ? 'Suppressed' : 'Closed'}
    </Badge>
  );
}
