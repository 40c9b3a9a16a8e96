import { describe, expect, it } from 'vitest';
import { layoutGraph, MAX_NODES, type GraphEdge, type GraphNode } from './counterparty-graph';

const node = (id: string, kind: GraphNode['kind'] = 'address', flagged = false): GraphNode => ({ id, label: id, kind, flagged });

describe('counterparty graph layout', () => {
  it('puts the customer in the middle and the rest on a ring, the same way every time', () => {
    const nodes = [node('addr-b'), node('C-0001', 'customer'), node('addr-a'), node('vasp-x', 'vasp', true)];
    const edges: GraphEdge[] = [
      { from: 'C-0001', to: 'addr-a', count: 2, usdCents: '100' },
      { from: 'addr-b', to: 'C-0001', count: 1, usdCents: '1000000' },
      { from: 'C-0001', to: 'missing', count: 1, usdCents: '5' },
    ];
    const a = layoutGraph(nodes, edges, { width: 400, height: 300 });
    expect(layoutGraph([...nodes].reverse(), edges, { width: 400, height: 300 })).toEqual(a);
    const centre = a.nodes.find((n) => n.id === 'C-0001')!;
    expect([centre.x, centre.y]).toEqual([200, 150]);
    // Flagged first: the VASP sits at the top of the ring.
    const top = a.nodes.find((n) => n.id === 'vasp-x')!;
    expect(top.x).toBe(200);
    expect(top.y).toBeLessThan(150);
    // Every ring node is inside the box and away from the centre.
    for (const n of a.nodes.filter((n) => n.id !== 'C-0001')) {
      expect(n.x).toBeGreaterThanOrEqual(n.r);
      expect(n.x).toBeLessThanOrEqual(400 - n.r);
      expect(n.y).toBeGreaterThanOrEqual(n.r);
      expect(n.y).toBeLessThanOrEqual(300 - n.r);
      expect(Math.hypot(n.x - 200, n.y - 150)).toBeGreaterThan(50);
    }
    // An edge to a node not in the graph is not drawn; the larger value draws wider.
    expect(a.edges).toHaveLength(2);
    const wide = a.edges.find((e) => e.from === 'addr-b')!;
    const thin = a.edges.find((e) => e.to === 'addr-a')!;
    expect(wide.width).toBeGreaterThan(thin.width);
    expect(wide.width).toBeLessThanOrEqual(6);
    expect(a.hidden).toBe(0);
  });

  it('draws at most MAX_NODES nodes, keeping flagged ones, and counts the rest', () => {
    const many = [node('C-0001', 'customer'), ...Array.from({ length: 50 }, (_, i) => node(`addr-${String(i).padStart(2, '0')}`, 'address', i === 49))];
    const layout = layoutGraph(many, []);
    expect(layout.nodes).toHaveLength(MAX_NODES);
    expect(layout.hidden).toBe(51 - MAX_NODES);
    expect(layout.nodes.some((n) => n.id === 'addr-49')).toBe(true);
    expect(new Set(layout.nodes.map((n) => `${n.x},${n.y}`)).size).toBe(MAX_NODES);
  });

  it('draws an empty graph without failing', () => {
    expect(layoutGraph([], [])).toEqual({ width: 420, height: 300, nodes: [], edges: [], hidden: 0 });
  });
});
