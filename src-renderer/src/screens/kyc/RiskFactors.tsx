import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import { Bar, BarChart, Cell, LabelList, XAxis, YAxis } from 'recharts';
import { axisTicks, CDD_LABELS, factorBars, formatScore, isoDay, RISK_COLORS, RISK_LABELS, type Assessment } from './kyc-format';

const BAR_COLORS = { low: '#12b886', medium: '#fab005', high: '#fa5252' } as const;
const ROW_PX = 26;

/**
 * The risk score with every factor's contribution: a horizontal bar per factor (points added to
 * the 0–100 score), then the same as a table with what each factor read and its weight. Drawn at
 * a fixed size (no ResizeObserver container), so what the chart shows never depends on timing.
 */
export function RiskFactors({ risk }: { risk: Assessment }) {
  const bars = factorBars(risk.factors);
  const color = BAR_COLORS[risk.level];
  const axis = axisTicks(Math.max(0, ...bars.map((b) => b.contribution)));
  return (
    <Stack gap="sm" data-testid="kyc-risk" data-level={risk.level} data-score={risk.score}>
      <Group gap="lg" wrap="wrap">
        <Group gap={8}>
          <Text size="xl" fw={700} className="mono" data-testid="kyc-risk-score">
            {formatScore(risk.score)}
          </Text>
          <Badge color={RISK_COLORS[risk.level]} variant={risk.level === 'high' ? 'filled' : 'light'} tt="none" size="lg">
            {RISK_LABELS[risk.level]} risk
          </Badge>
        </Group>
        <Text size="sm">
          CDD <b data-testid="kyc-cdd">{CDD_LABELS[risk.cddLevel]}</b>
        </Text>
        <Text size="sm">
          Review every <b>{risk.reviewMonths} months</b>, next on <b data-testid="kyc-next-review">{isoDay(risk.nextReviewAt)}</b>
        </Text>
        <Text size="xs" c="dimmed">
          Config v{risk.configVersion} · assessed {isoDay(risk.assessedAt)} ({risk.trigger.replace(/_/g, ' ')})
        </Text>
      </Group>
      {risk.forcedBy && (
        <Text size="sm" c="red" fw={600}>
          Forced to high: {risk.forcedBy}
        </Text>
      )}
      <div data-testid="kyc-risk-chart" aria-label="Contribution of each factor to the risk score" role="img">
        <BarChart width={620} height={bars.length * ROW_PX + 24} data={[...bars]} layout="vertical" margin={{ top: 0, right: 48, bottom: 0, left: 0 }}>
          <XAxis type="number" domain={[0, axis[axis.length - 1]!]} ticks={[...axis]} tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="label" width={130} tick={{ fontSize: 12 }} interval={0} />
          <Bar dataKey="contribution" isAnimationActive={false} barSize={14}>
            {bars.map((b) => (
              <Cell key={b.factor} fill={b.contribution > 0 ? color : '#ced4da'} />
            ))}
            <LabelList dataKey="contribution" position="right" formatter={(v: unknown) => formatScore(Number(v))} style={{ fontSize: 11 }} />
          </Bar>
        </BarChart>
      </div>
      <Table verticalSpacing={3} fz="sm" data-testid="kyc-risk-factors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Factor</Table.Th>
            <Table.Th>What it read</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Score</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Weight</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Points</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {bars.map((b) => (
            <Table.Tr key={b.factor} data-testid="kyc-risk-factor" data-factor={b.factor} data-contribution={b.contribution}>
              <Table.Td fw={500}>{b.label}</Table.Td>
              <Table.Td c="dimmed">{b.input}</Table.Td>
              <Table.Td className="mono" style={{ textAlign: 'right' }}>
                {b.score}
              </Table.Td>
              <Table.Td className="mono" style={{ textAlign: 'right' }}>
                {b.weight}
              </Table.Td>
              <Table.Td className="mono" fw={600} style={{ textAlign: 'right' }}>
                {formatScore(b.contribution)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
