/**
 * Bundle figures (issue 6), each beside a baseline measured in the same run:
 *  - import of a 100 000-item bundle through the bus (every check, every ledger posting, one
 *    transaction) vs reading the same file raw (unzip every entry and SHA-256 it, nothing else);
 *  - peak memory of that import vs the same import of a 10 000-item bundle: streaming means the
 *    peak does not grow with the number of items;
 *  - animated-QR payload throughput at the default fragment size and frame rate vs the ideal
 *    (fragment bytes × frames per second), frames needed with 30% of frames dropped vs with none,
 *    and the time to draw and read back one frame vs the frame interval.
 * VAULTLINE_BENCH_BUNDLE_ITEMS sets the large bundle (default 100000).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import yauzl from 'yauzl';
import { ADMIN, CUSTODY, makeDataDir, newCore, ok, removeDataDir, unlockAndLogin } from '../test/helpers/dev-data';
import { enrol } from '../test/helpers/operators';
import { makeNode, NO_SECRETS, pinNode } from '../test/helpers/online-node';
import { jsonItem } from '../src-main/bundles/bundle.writer';
import { encodeFrames, QR_DEFAULTS, UrAssembler } from '../src-main/bundles/qr/ur.codec';
import { qrPng, readQrPng } from '../src-main/bundles/qr/qr-images';
import { figure, type Figure } from './harness';

const tx = (n: number): string => n.toString(16).padStart(64, '0');

function deposits(from: number, count: number) {
  return Array.from({ length: count }, (_, i) =>
    jsonItem(`dep-${String(from + i).padStart(7, '0')}`, 'chain-event', {
      kind: 'deposit',
      assetId: 'BTC',
      txid: tx(from + i),
      outputIndex: 0,
      address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      customerId: `B-${(from + i) % 1000}`,
      amount: '0.001',
      confirmations: 6,
      finalized: false,
    }),
  );
}

/** Unzip every entry and hash it: the least any reader must do with the file. */
async function rawRead(path: string): Promise<number> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  let bytes = 0;
  for await (const entry of zip.eachEntry()) {
    const hash = createHash('sha256');
    for await (const chunk of await zip.openReadStreamPromise(entry)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    hash.digest();
  }
  zip.close();
  return bytes;
}

/** A garbage collector to call, so that samples count live memory and not garbage not yet collected. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Peak of live heap + external memory (sampled after a collection every second) while `fn` runs,
 * and the level before it. Native SQLite page cache is not counted (it is bounded by its own
 * cache_size setting); the figure is what the process holds in JavaScript and buffers.
 */
async function peakMemory<T>(fn: () => Promise<T>): Promise<{ value: T; peakMiB: number; startMiB: number; ms: number }> {
  const gc = collector();
  const level = (): number => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const start = level();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, level());
  }, 1000);
  const t = performance.now();
  try {
    const value = await fn();
    return { value, peakMiB: peak / 1024 / 1024, startMiB: start / 1024 / 1024, ms: performance.now() - t };
  } finally {
    clearInterval(timer);
  }
}

export async function bundlesBenchmarks(): Promise<Figure[]> {
  const large = Number(process.env.VAULTLINE_BENCH_BUNDLE_ITEMS ?? 100_000);
  const small = Math.max(1000, Math.round(large / 10));
  const figures: Figure[] = [];
  const work = mkdtempSync(join(tmpdir(), 'vaultline-bench-bundles-'));
  const dir = makeDataDir([CUSTODY, { label: ADMIN.tokenLabel, pin: ADMIN.tokenPin }, { label: 't-bench', pin: 'bench-pin-1' }]);
  const core = newCore(dir);
  try {
    await ok(core, 'console.init', { consoleName: 'Bench', custodyTokenLabel: CUSTODY.label, custodyPin: CUSTODY.pin, admin: ADMIN });
    const admin = await unlockAndLogin(core);
    const officer = await enrol(core, admin, { username: 'bench', roles: ['custody_officer'], token: { label: 't-bench', pin: 'bench-pin-1' } });
    const node = await makeNode(core, admin, join(work, 'node'));
    await pinNode(core, admin, node);

    const importOnce = async (count: number, from: number) => {
      const made = await node.createBundle(deposits(from, count), work, NO_SECRETS);
      const rawStart = performance.now();
      await rawRead(made.path);
      const rawMs = performance.now() - rawStart;
      const run = await peakMemory(() => ok(core, 'bundles.import', { source: { path: made.path }, expectedBundleHash: made.bundleHash }, officer));
      if (run.value.applied !== count) throw new Error(`imported ${run.value.applied} of ${count}`);
      return { ...run, rawMs, bytes: made.bytes };
    };

    process.stdout.write(`importing a ${small}-item bundle…\n`);
    const smallRun = await importOnce(small, 1);
    process.stdout.write(`importing a ${large}-item bundle…\n`);
    const largeRun = await importOnce(large, small + 1);
    figures.push(
      figure(`bundle import, ${large} items (bus, all checks, ledger postings)`, 's', largeRun.ms / 1000, 'raw unzip + SHA-256 of the same file', largeRun.rawMs / 1000, 'lower', {
        itemsPerSecond: Math.round(large / (largeRun.ms / 1000)),
        fileMiB: Number((largeRun.bytes / 1024 / 1024).toFixed(1)),
      }),
      figure(`bundle import peak memory, ${large} items`, 'MiB', largeRun.peakMiB, `same import, ${small} items`, smallRun.peakMiB, 'lower', {
        smallImportSeconds: Number((smallRun.ms / 1000).toFixed(2)),
        liveBeforeLargeMiB: Number(largeRun.startMiB.toFixed(1)),
        liveBeforeSmallMiB: Number(smallRun.startMiB.toFixed(1)),
        note: 'peak live heap + external during the import (sampled after collections); a ratio near 1 means memory does not grow with the bundle',
      }),
    );

    // Animated QR: a 32 KiB message at the default density and pace.
    const message = randomBytes(32 * 1024);
    const frames = encodeFrames(message, { count: 2000 });
    const fps = QR_DEFAULTS.framesPerSecond;
    const needed = (dropRate: number, seed: number): number => {
      let state = seed;
      const random = (): number => {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        return state / 2 ** 31;
      };
      const assembler = new UrAssembler();
      for (const [i, part] of frames.parts.entries()) {
        if (random() < dropRate) continue;
        if (assembler.receive(part) === 'complete') return i + 1;
      }
      throw new Error('did not complete');
    };
    const clean = needed(0, 1);
    const trials = Array.from({ length: 20 }, (_, i) => needed(0.3, i + 7));
    const lossy = trials.reduce((a, b) => a + b, 0) / trials.length;
    const ideal = QR_DEFAULTS.fragmentSize * fps;
    figures.push(
      figure(`QR payload throughput (${QR_DEFAULTS.fragmentSize} B/frame, ${fps} fps, no loss)`, 'B/s', message.length / (clean / fps), 'fragment bytes × fps', ideal, 'higher', { framesShown: clean, seqLength: frames.seqLength }),
      figure('QR frames shown to decode, 30% of frames dropped', 'frames', lossy, 'frames with 0% dropped', clean, 'lower', {
        worstOf20: Math.max(...trials),
        throughputBytesPerSecond: Math.round(message.length / (lossy / fps)),
      }),
    );
    const sample = frames.parts.slice(0, 30);
    const t = performance.now();
    for (const part of sample) if (!readQrPng(await qrPng(part))) throw new Error('frame not readable');
    const perFrame = (performance.now() - t) / sample.length;
    figures.push(figure('QR frame drawn as PNG and read back (qrcode + jsQR)', 'ms', perFrame, `frame interval at ${fps} fps`, 1000 / fps, 'lower'));
  } finally {
    await core.close();
    removeDataDir(dir);
    rmSync(work, { recursive: true, force: true });
  }
  return figures;
}
