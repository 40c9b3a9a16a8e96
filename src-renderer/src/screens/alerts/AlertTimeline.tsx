import { Paper, Text } from '@mantine/core';
import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { timeDomain, timelinePoints, timeTick, valueDomain, type TimelineEntry, type TimelinePoint } from './timeline';

function PointTip({ active, payload }: { readonly active?: boolean; readonly payload?: readonly { readonly payload?: TimelinePoint }[] }) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p) return null;
  return (
    <Paper withBorder shadow="xs" p={6}>
      <Text size="xs" fw={600}>
        {p.direction === 'in' ? 'Deposit' : 'Withdrawal'} · {p.usd} USD{p.flagged ? ' · this alert' : ''}
      </Text>
      <Text size="xs" className="mono">
        {new Date(p.t).toISOString().replace('T', ' ').slice(0, 19)} UTC · {p.txRef}
      </Text>
      {p.counterparty && (
        <Text size="xs" c="dimmed" className="mono">
          {p.counterparty}
        </Text>
      )}
    </Paper>
  );
}

/** The customer's transactions around the alert on a time axis: deposits above zero, withdrawals below, this alert's in red. */
export function AlertTimeline({ entries, alertId }: { readonly entries: readonly TimelineEntry[]; readonly alertId: number }) {
  const points = timelinePoints(entries, alertId);
  if (points.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No transactions around this alert.
      </Text>
    );
  }
  const flagged = points.filter((p) => p.flagged);
  const others = points.filter((p) => !p.flagged);
  return (
    <div data-testid="alert-timeline" data-points={points.length}>
      <ResponsiveContainer width="100%" height={200}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="t" domain={timeDomain(points)} tickFormatter={timeTick} fontSize={11} tickCount={5} />
          <YAxis type="number" dataKey="y" domain={valueDomain(points)} fontSize={11} width={70} tickFormatter={(v: number) => `${v < 0 ? '−' : ''}$${Math.abs(v).toLocaleString('en-US')}`} />
          <ReferenceLine y={0} stroke="var(--mantine-color-gray-6)" />
          <Tooltip content={<PointTip />} />
          <Scatter name="Other transactions" data={others} fill="var(--mantine-color-gray-5)" isAnimationActive={false} />
          <Scatter name="This alert" data={flagged} fill="var(--mantine-color-red-6)" isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
