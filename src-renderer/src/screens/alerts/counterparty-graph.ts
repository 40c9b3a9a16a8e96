/**
 * A small counterparty graph, laid out without a physics simulation: the customer in the middle,
 * everything it dealt with on a ring around it (flagged nodes first, then by id), a second ring
 * when the first is full. Deterministic (the same alert always draws the same picture, which a
 * reviewer comparing screenshots needs), O(n), and at most MAX_NODES nodes: the rest are counted,
 * not drawn. A force or dagre layout would add a dependency for no gain at this size.
 */

export type NodeKind = 'customer' | 'address' | 'vasp';

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly kind: NodeKind;
  readonly flagged: boolean;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly count: number;
  /** Integer USD cents as text (exact; the drawing only uses it for the stroke width). */
  readonly usdCents: string;
}

export interface PlacedNode extends GraphNode {
  readonly x: number;
  readonly y: number;
  readonly r: number;
}

export interface PlacedEdge extends GraphEdge {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** 1 to 6 px by the edge's USD value relative to the largest. */
  readonly width: number;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  /** Nodes left out beyond MAX_NODES. */
  readonly hidden: number;
}

export const MAX_NODES = 30;
/** Nodes on the inner ring; the rest go on the outer one. */
const INNER_RING = 12;

const round = (n: number): number => Math.round(n * 10) / 10;

/** log10-ish magnitude of a cents string, without turning the exact amount into a float. */
const magnitude = (cents: string): number => (/^\d+$/.test(cents) ? cents.replace(/^0+/, '').length : 0);

export function layoutGraph(nodes: readonly GraphNode[], edges: readonly GraphEdge[], size: { readonly width: number; readonly height: number } = { width: 420, height: 300 }): GraphLayout {
  const { width, height } = size;
  const cx = width / 2;
  const cy = height / 2;
  const centres = nodes.filter((n) => n.kind === 'customer').sort((a, b) => a.id.localeCompare(b.id));
  const centre = centres[0];
  const others = nodes
    .filter((n) => n !== centre)
    .sort((a, b) => Number(b.flagged) - Number(a.flagged) || (a.kind === 'customer' ? -1 : 0) - (b.kind === 'customer' ? -1 : 0) || a.id.localeCompare(b.id));
  const kept = others.slice(0, MAX_NODES - (centre ? 1 : 0));
  const hidden = others.length - kept.length;
  const placed = new Map<string, PlacedNode>();
  if (centre) placed.set(centre.id, { ...centre, x: round(cx), y: round(cy), r: 14 });
  const inner = kept.slice(0, INNER_RING);
  const outer = kept.slice(INNER_RING);
  const radius = Math.min(width, height) / 2 - 24;
  const ring = (list: readonly GraphNode[], r: number, offset: number): void => {
    list.forEach((n, i) => {
      // Start at the top and go clockwise; the outer ring sits between the inner ring's nodes.
      const angle = -Math.PI / 2 + offset + (2 * Math.PI * i) / list.length;
      placed.set(n.id, { ...n, x: round(cx + r * Math.cos(angle)), y: round(cy + r * Math.sin(angle)), r: n.kind === 'vasp' ? 10 : 8 });
    });
  };
  if (outer.length === 0) ring(inner, radius, 0);
  else {
    ring(inner, radius * 0.55, 0);
    ring(outer, radius, Math.PI / Math.max(outer.length, 1));
  }
  const drawn = edges.filter((e) => placed.has(e.from) && placed.has(e.to) && e.from !== e.to);
  const largest = drawn.reduce((m, e) => Math.max(m, magnitude(e.usdCents)), 0);
  const placedEdges = drawn.map((e): PlacedEdge => {
    const a = placed.get(e.from)!;
    const b = placed.get(e.to)!;
    const width = largest === 0 ? 1 : 1 + Math.round((5 * magnitude(e.usdCents)) / largest);
    return { ...e, x1: a.x, y1: a.y, x2: b.x, y2: b.y, width: Math.min(6, Math.max(1, width)) };
  });
  return { width, height, nodes: [...placed.values()], edges: placedEdges, hidden };
}
