import { Badge, Group, Text } from '@mantine/core';
import { formatScore, RISK_COLORS, RISK_LABELS, STATUS_COLORS, STATUS_LABELS, type KycStatus, type RiskLevel } from './kyc-format';

export function StatusBadge({ status, size = 'sm' }: { status: KycStatus; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge size={size} variant="light" color={STATUS_COLORS[status]} tt="none" data-testid="kyc-status" data-status={status}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}

/** A risk level with its score; "not scored" for a file the engine has not assessed yet. */
export function RiskBadge({ level, score, size = 'sm' }: { level: RiskLevel | null; score: number | null; size?: 'sm' | 'md' | 'lg' }) {
  if (!level) {
    return (
      <Text span size="sm" c="dimmed">
        not scored
      </Text>
    );
  }
  return (
    <Group gap={6} wrap="nowrap">
      <Badge size={size} variant={level === 'high' ? 'filled' : 'light'} color={RISK_COLORS[level]} tt="none" data-testid="kyc-risk-level" data-level={level}>
        {RISK_LABELS[level]}
      </Badge>
      {score !== null && (
        <Text span size="sm" className="mono" c="dimmed">
          {formatScore(score)}
        </Text>
      )}
    </Group>
  );
}
