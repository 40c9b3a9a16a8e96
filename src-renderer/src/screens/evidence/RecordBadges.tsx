import { Badge, Tooltip } from '@mantine/core';
import { IconGavel } from '@tabler/icons-react';
import type { CommandOutput } from '../../api';

export type RecordView = CommandOutput<'vault.records.list'>['records'][number];
export type RecordType = RecordView['type'];

export const RECORD_TYPE_LABELS: Readonly<Record<RecordType, string>> = {
  kyc: 'KYC',
  transaction: 'Transaction',
  correspondence: 'Correspondence',
  sar: 'SAR / STR',
  risk_assessment: 'Risk assessment',
  approval: 'Approval',
  report: 'Report',
};

const TYPE_COLORS: Readonly<Record<RecordType, string>> = {
  kyc: 'cyan',
  transaction: 'indigo',
  correspondence: 'gray',
  sar: 'red',
  risk_assessment: 'orange',
  approval: 'teal',
  report: 'grape',
};

export function RecordTypeBadge({ type, size = 'sm' }: { type: RecordType; size?: 'xs' | 'sm' }) {
  return (
    <Badge size={size} variant="light" color={TYPE_COLORS[type]} tt="none" data-record-type={type}>
      {RECORD_TYPE_LABELS[type]}
    </Badge>
  );
}

export function LegalHoldBadge({ reason, size = 'sm' }: { reason: string | null; size?: 'xs' | 'sm' }) {
  return (
    <Tooltip label={reason ?? 'Under legal hold'} multiline maw={360} disabled={!reason}>
      <Badge size={size} variant="filled" color="orange" tt="none" leftSection={<IconGavel size={11} />} data-testid="legal-hold-badge">
        Legal hold
      </Badge>
    </Tooltip>
  );
}
