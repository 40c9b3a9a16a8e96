/**
 * Damaged bundles through the bus on a real database: whatever the damage, preview and import
 * answer with a refusal (never a crash, never an INTERNAL error) and not one row changes. The
 * reader itself is fuzzed with 12 000 cases in src-main/bundles/bundle.fuzz.test.ts; this runs a
 * smaller number end to end.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, CUSTODY, makeDataDir, newCore, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import { enrol } from '../helpers/operators';
import { makeNode, NO_SECRETS, pinNode } from '../helpers/online-node';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import { jsonItem } from '../../src-main/bundles/bundle.writer';

describe('bundle import under fuzzing, through the bus', () => {
  let dir: string;
  let work: string;
  let core: Core;
  let cora: CallerContext;
  let original: Buffer;

  const snapshot = () => {
    const db = core.console.requireDb().sqlite;
    return ['bundles', 'bundle_items', 'bundle_item_chunks', 'journal_entries', 'deposits', 'node_keys', 'node_key_rotations', 'recon_snapshots'].map(
      (t) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n,
    );
  };

  beforeAll(async () => {
    dir = makeDataDir([CUSTODY, { label: ADMIN.tokenLabel, pin: ADMIN.tokenPin }, { label: 't-cora', pin: 'cora-pin-1' }]);
    work = mkdtempSync(join(tmpdir(), 'vaultline-fuzz-'));
    core = newCore(dir);
    await ok(core, 'console.init', { consoleName: 'Fuzz', custodyTokenLabel: CUSTODY.label, custodyPin: CUSTODY.pin, admin: ADMIN });
    const admin = await unlockAndLogin(core);
    cora = await enrol(core, admin, { username: 'cora', roles: ['custody_officer'], token: { label: 't-cora', pin: 'cora-pin-1' } });
    const node = await makeNode(core, admin, join(work, 'node'));
    await pinNode(core, admin, node);
    const items = [1, 2, 3].map((n) =>
      jsonItem(`dep-${n}`, 'chain-event', { kind: 'deposit', assetId: 'BTC', txid: n.toString(16).padStart(64, '0'), outputIndex: 0, address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', customerId: 'C-1', amount: '0.1', confirmations: 6, finalized: false }),
    );
    original = readFileSync((await node.createBundle(items, work, NO_SECRETS)).path);
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses damaged bundles with a BUNDLE_ code and changes nothing (300 cases)', async () => {
    let before = snapshot();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), fc.option(fc.nat()), async (flips, cut) => {
        const bytes = Buffer.from(original);
        for (const [at, mask] of flips) bytes[at % bytes.length]! ^= mask;
        const damaged = cut === null ? bytes : bytes.subarray(0, cut % bytes.length);
        const source = { base64: damaged.toString('base64') };
        const preview = await ok(core, 'bundles.preview', { source }, cora);
        const result = await call(core, 'bundles.import', { source, expectedBundleHash: preview.bundle?.bundleHash ?? 'f'.repeat(64) }, cora);
        if (preview.acceptable) {
          // Only ZIP metadata the signature does not cover was hit: the same bundle, imported once.
          expect(result.ok).toBe(true);
          before = snapshot();
          return;
        }
        expect(preview.refusal?.code).toMatch(/^BUNDLE_/);
        expect(result.ok).toBe(false);
        expect(snapshot()).toEqual(before);
      }),
      { numRuns: 300 },
    );
    expect((await ok(core, 'audit.verify', {}, await unlockAndLogin(core))).valid).toBe(true);
  }, 300_000);
});
