/** Display formatting. Audit times are shown in UTC, as stored, so that every reader sees the same. */

/** `2026-11-25T11:52:51.142Z` → `2026-11-25 11:52:51`. */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '—';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
}

/** A hash shortened for a table cell: first and last characters. */
export function shortHash(hex: string | null | undefined, head = 10, tail = 6): string {
  if (!hex) return '—';
  return hex.length <= head + tail + 1 ? hex : `${hex.slice(0, head)}…${hex.slice(-tail)}`;
}

/** Hex in groups of four, for reading aloud and comparing on paper. */
export function groupHex(hex: string, size = 4): string {
  const clean = hex.replace(/\s+/g, '');
  const groups: string[] = [];
  for (let i = 0; i < clean.length; i += size) groups.push(clean.slice(i, i + size));
  return groups.join(' ');
}

export function formatCount(n: number): string {
  return new Intl.NumberFormat('en-US').format(n);
}

/** `300` → `5 min`; `90` → `1 min 30 s`. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes < 60) return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
  const hours = Math.floor(minutes / 60);
  const mins = minutes % 60;
  return mins === 0 ? `${hours} h` : `${hours} h ${mins} min`;
}

/** Seconds left until `untilIso`, never negative. */
export function secondsUntil(untilIso: string | undefined, now: number): number {
  if (!untilIso) return 0;
  const until = Date.parse(untilIso);
  return Number.isNaN(until) ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}
