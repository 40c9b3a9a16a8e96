import { Group, Text } from '@mantine/core';
import { formatUsdCents } from '../withdrawals/withdrawal-format';
import { layoutGraph, type GraphEdge, type GraphNode } from './counterparty-graph';

const FILL: Readonly<Record<GraphNode['kind'], string>> = { customer: 'var(--mantine-color-vault-6, #1c7ed6)', address: 'var(--mantine-color-gray-5)', vasp: 'var(--mantine-color-teal-6)' };

/** Who the customer dealt with around this alert: a ring of counterparties, flagged ones in red. */
export function CounterpartyGraph({ nodes, edges }: { readonly nodes: readonly GraphNode[]; readonly edges: readonly GraphEdge[] }) {
  if (nodes.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="alert-graph-empty">
        No counterparties recorded for this customer.
      </Text>
    );
  }
  const layout = layoutGraph(nodes, edges, { width: 520, height: 300 });
  return (
    <div data-testid="alert-graph">
      <svg viewBox={`0 0 ${layout.width} ${layout.height}`} width="100%" role="img" aria-label="Counterparty graph" style={{ maxHeight: 320, display: 'block' }}>
        {layout.edges.map((e) => (
          <line key={`${e.from}>${e.to}`} x1={e.x1} y1={e.y1} x2={e.x2} y2={e.y2} stroke="var(--mantine-color-gray-4)" strokeWidth={e.width} strokeLinecap="round">
            <title>{`${e.count} transaction${e.count === 1 ? '' : 's'}, ${formatUsdCents(e.usdCents)} USD`}</title>
          </line>
        ))}
        {layout.nodes.map((n) => (
          <g key={n.id} data-testid="graph-node" data-kind={n.kind} data-flagged={n.flagged ? 'true' : undefined}>
            <circle cx={n.x} cy={n.y} r={n.r} fill={n.flagged ? 'var(--mantine-color-red-6)' : FILL[n.kind]} stroke="white" strokeWidth={2}>
              <title>{`${n.label}${n.flagged ? ' (flagged)' : ''}`}</title>
            </circle>
            <text x={n.x} y={n.y + n.r + 11} textAnchor="middle" fontSize={10} fill="var(--mantine-color-gray-7)">
              {n.label.length > 16 ? `${n.label.slice(0, 7)}…${n.label.slice(-6)}` : n.label}
            </text>
          </g>
        ))}
      </svg>
      <Group gap="md" mt={4}>
        <Legend color={FILL.customer} label="Customer" />
        <Legend color={FILL.address} label="Address" />
        <Legend color={FILL.vasp} label="VASP" />
        <Legend color="var(--mantine-color-red-6)" label="Flagged" />
        {layout.hidden > 0 && (
          <Text size="xs" c="dimmed">
            {layout.hidden} more not drawn
          </Text>
        )}
      </Group>
    </div>
  );
}

function Legend({ color, label }: { readonly color: string; readonly label: string }) {
  return (
    <Group gap={4} wrap="nowrap">
      <svg width={10} height={10} aria-hidden>
        <circle cx={5} cy={5} r={5} fill={color} />
      </svg>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  );
}
