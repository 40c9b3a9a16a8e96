/**
 * Screening figures (issue 8): reading the full 2025-11-19 sdn_advanced.xml.bz2 against bare bzip2
 * decompression; address screening lookups per second against a raw Set.has on pre-normalised keys;
 * name screening latency (median and p95) of one name against every SDN name (48 000+ names and
 * aliases, all scripts) against an exact-token hash lookup. The 100 000-customer re-screen belongs
 * to the KYC module's suite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AddressScreening } from '../src-main/screening/address-screening';
import { bunzip2File } from '../src-main/screening/bzip2.adapter';
import { NameIndex } from '../src-main/screening/name-index';
import { normaliseName } from '../src-main/screening/name-normalise';
import { fullSdn, OFAC_ADDRESSES_2025, SDN_ADVANCED_BZ2 } from '../src-main/screening/screening.testkit';
import type { NameQuery } from '../src-main/screening/screening.types';
import { figure, type Figure } from './harness';

const NAME_QUERIES = Number(process.env.VAULTLINE_BENCH_NAME_QUERIES ?? 2000);
const ADDRESS_LOOKUPS = Number(process.env.VAULTLINE_BENCH_ADDRESS_LOOKUPS ?? 2_000_000);

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** A deterministic pseudo-random sequence (the same queries every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function latencies(queries: readonly NameQuery[], run: (q: NameQuery) => unknown): number[] {
  for (const q of queries.slice(0, 200)) run(q); // warm-up
  const times = queries.map((q) => {
    const t = performance.now();
    run(q);
    return performance.now() - t;
  });
  return times.sort((a, b) => a - b);
}

export async function screeningBenchmarks(): Promise<Figure[]> {
  const figures: Figure[] = [];

  // Reading the list: the whole pipeline against decompression alone.
  let t = performance.now();
  let bytes = 0;
  for await (const chunk of bunzip2File(SDN_ADVANCED_BZ2)) bytes += chunk.length;
  const bunzipMs = performance.now() - t;
  t = performance.now();
  const sdn = await fullSdn();
  const importMs = performance.now() - t;
  t = performance.now();
  const index = new NameIndex(sdn.entries);
  const buildMs = performance.now() - t;
  figures.push(
    figure(`read sdn_advanced.xml.bz2 (${sdn.entries.length} parties, ${(bytes / 1e6).toFixed(0)} MB of XML, checksum checked)`, 's', importMs / 1000, 'bzip2 decompression alone', bunzipMs / 1000, 'lower', {
      nameIndexBuildMs: Math.round(buildMs),
      names: index.size,
    }),
  );
  process.stdout.write(`  read ${sdn.entries.length} parties in ${(importMs / 1000).toFixed(1)} s; name index of ${index.size} names in ${(buildMs / 1000).toFixed(1)} s\n`);

  // Address screening: AddressScreening.screen (chain-aware normalisation + Map) vs Set.has.
  const screening = new AddressScreening();
  const list = (asset: string): string[] => JSON.parse(readFileSync(join(OFAC_ADDRESSES_2025, `sanctioned_addresses_${asset}.json`), 'utf8')) as string[];
  const rnd = random(42);
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
  const probes: { chain: 'bitcoin' | 'ethereum'; address: string }[] = [
    ...list('XBT').map((address) => ({ chain: 'bitcoin' as const, address })),
    ...list('ETH').flatMap((address) => [
      { chain: 'ethereum' as const, address },
      { chain: 'ethereum' as const, address: address.toUpperCase().replace(/^0X/, '0x') },
    ]),
    // Clean addresses, most of what a console screens.
    ...Array.from({ length: 2000 }, () => ({ chain: 'ethereum' as const, address: `0x${hex(40)}` })),
    ...Array.from({ length: 2000 }, () => ({ chain: 'bitcoin' as const, address: `bc1q${hex(38)}` })),
  ];
  const raw = new Set([...list('XBT'), ...list('ETH').map((a) => a.toLowerCase())]);
  const rawKeys = probes.map((p) => (p.chain === 'ethereum' ? p.address.toLowerCase() : p.address));
  let hits = 0;
  t = performance.now();
  for (let i = 0; i < ADDRESS_LOOKUPS; i++) {
    const p = probes[i % probes.length]!;
    if (screening.screen(p.chain, p.address)) hits++;
  }
  const screenMs = performance.now() - t;
  let rawHits = 0;
  t = performance.now();
  for (let i = 0; i < ADDRESS_LOOKUPS; i++) if (raw.has(rawKeys[i % rawKeys.length]!)) rawHits++;
  const rawMs = performance.now() - t;
  if (hits !== rawHits) throw new Error(`address screening found ${hits} hits, the raw set ${rawHits}`);
  figures.push(
    figure(`address screening (${screening.size} listed addresses, ${probes.length} probes, hits and clean, case variants)`, 'lookups/s', (ADDRESS_LOOKUPS * 1000) / screenMs, 'Set.has on pre-normalised strings', (ADDRESS_LOOKUPS * 1000) / rawMs, 'higher', {
      hitsPerRound: hits / (ADDRESS_LOOKUPS / probes.length),
    }),
  );

  // Name screening: one name against the full SDN name list.
  const names = sdn.entries.flatMap((e) => e.names.filter((n) => n.script === 'Latn' && n.quality === 'strong').map((n) => ({ name: n.name, kind: e.kind })));
  const pick = random(7);
  const typo = (s: string): string => {
    const i = 1 + Math.floor(pick() * Math.max(1, s.length - 2));
    return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  };
  const queries: NameQuery[] = Array.from({ length: NAME_QUERIES }, (_, k) => {
    const n = names[Math.floor(pick() * names.length)]!;
    const words = n.name.replace(/,/g, '').split(/\s+/);
    const kind = n.kind === 'individual' ? ('individual' as const) : ('entity' as const);
    switch (k % 4) {
      case 0:
        return { name: n.name, kind };
      case 1:
        return { name: [...words].reverse().join(' '), kind }; // given name first
      case 2:
        return { name: words.map((w, i) => (i === 0 && w.length > 4 ? typo(w) : w)).join(' ') };
      default:
        // Names not on the list: a list given name with another list surname.
        return { name: `${words[0]} ${names[Math.floor(pick() * names.length)]!.name.split(/\s+/).pop()}`, kind: 'individual' };
    }
  });
  const search = latencies(queries, (q) => index.search(q, { limit: 10 }));
  const matched = queries.filter((q) => index.search(q, { limit: 1 }).length > 0).length;
  // Baseline: exact-token hash lookup, the least a name screen can do (no fuzziness, no scoring).
  const byToken = new Map<string, number[]>();
  sdn.entries.forEach((e, i) => {
    for (const n of e.names) for (const tok of normaliseName(n.name, undefined).tokens) (byToken.get(tok) ?? byToken.set(tok, []).get(tok)!).push(i);
  });
  const exact = latencies(queries, (q) => {
    const found = new Set<number>();
    for (const tok of normaliseName(q.name, q.kind).tokens) for (const i of byToken.get(tok) ?? []) found.add(i);
    return found.size;
  });
  const details = { queries: queries.length, names: index.size, queriesWithAHit: matched };
  figures.push(
    figure(`name screening median, one name vs ${index.size} SDN names (exact, reordered, typo, unlisted)`, 'ms', quantile(search, 0.5), 'exact-token hash lookup', quantile(exact, 0.5), 'lower', details),
    figure(`name screening p95, one name vs ${index.size} SDN names`, 'ms', quantile(search, 0.95), 'exact-token hash lookup', quantile(exact, 0.95), 'lower', details),
  );
  return figures;
}
