/**
 * A small benchmark harness: every figure is printed beside a baseline measured in the same run,
 * as a ratio, and all of them are written to bench-results.json.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface Timing {
  readonly iterations: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly opsPerSecond: number;
}

export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly baseline: { readonly name: string; readonly value: number };
  /** value ÷ baseline. For times, lower is better; for rates, higher is better. */
  readonly ratio: number;
  readonly better: 'lower' | 'higher';
  readonly details?: Record<string, number | string>;
}

export async function time(iterations: number, fn: () => unknown, warmup = Math.min(50, Math.ceil(iterations / 10))): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = new Array<number>(iterations);
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    samples[i] = performance.now() - t;
  }
  const total = performance.now() - start;
  samples.sort((a, b) => a - b);
  const at = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { iterations, meanMs: total / iterations, p50Ms: at(0.5), p99Ms: at(0.99), opsPerSecond: (iterations * 1000) / total };
}

export function figure(name: string, unit: string, value: number, baselineName: string, baselineValue: number, better: 'lower' | 'higher', details?: Figure['details']): Figure {
  return { name, unit, value, baseline: { name: baselineName, value: baselineValue }, ratio: value / baselineValue, better, ...(details ? { details } : {}) };
}

const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3));

export function report(figures: readonly Figure[], path: string): void {
  const rows = figures.map((f) => [f.name, `${fmt(f.value)} ${f.unit}`, `${f.baseline.name}: ${fmt(f.baseline.value)} ${f.unit}`, `×${fmt(f.ratio)} (${f.better} is better)`]);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) process.stdout.write(`${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padStart(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${r[3]!}\n`);
  writeFileSync(path, `${JSON.stringify({ machine: { node: process.version, platform: process.platform, arch: process.arch }, at: new Date().toISOString(), figures }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path}\n`);
}
