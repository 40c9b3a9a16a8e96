/**
 * The two sides of the exchange from the command line, as two machines would run them: the
 * console (`vaultline bundle …`, through the bus, secrets from files) and the online node
 * (`vaultline node …`, its own directory and key). Key ceremony by fingerprint, a bundle made from
 * JSON and CSV, previewed and imported, an outbound bundle exported, read by the node, and
 * carried back through animated-QR PNG frames.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, CUSTODY, envelope, initConsole, removeDataDir, requireBuiltCli, runCli, secretFile, unlockAndLogin } from '../helpers/dev-data';
import { enrol, passphraseOf } from '../helpers/operators';

const CORA = { label: 't-cora', pin: 'cora-pin-1' };

describe('vaultline bundle and vaultline node', () => {
  let dir: string;
  let work: string;
  let nodeDir: string;
  let adminAuth: string[];
  let coraAuth: string[];

  beforeAll(async () => {
    requireBuiltCli();
    const made = await initConsole([CORA]);
    dir = made.dir;
    const admin = await unlockAndLogin(made.core);
    await enrol(made.core, admin, { username: 'cora', roles: ['custody_officer'], token: CORA });
    await made.core.close();
    work = mkdtempSync(join(tmpdir(), 'vaultline-cli-bundles-'));
    nodeDir = join(work, 'node');
    const pin = secretFile(work, 'custody.pin', CUSTODY.pin);
    adminAuth = ['--data', dir, '--user', ADMIN.username, '--pin-file', pin, '--passphrase-file', secretFile(work, 'admin.pass', ADMIN.passphrase), '--token-pin-file', secretFile(work, 'admin.tpin', ADMIN.tokenPin)];
    coraAuth = ['--data', dir, '--user', 'cora', '--pin-file', pin, '--passphrase-file', secretFile(work, 'cora.pass', passphraseOf('cora')), '--token-pin-file', secretFile(work, 'cora.tpin', CORA.pin)];
  });
  afterAll(() => {
    removeDataDir(dir);
    rmSync(work, { recursive: true, force: true });
  });

  it('runs the key ceremony both ways by fingerprint', async () => {
    const card = await runCli(['bundle', 'identity', '--out', join(work, 'console-card.json'), ...adminAuth]);
    expect(card.code).toBe(0);
    expect(card.stdout).toMatch(/Fingerprint \(compare on the online node\):\n {2}([0-9a-f]{4} ){15}[0-9a-f]{4}/);
    const init = await runCli(['node', 'init', '--node-dir', nodeDir, '--node-id', 'acme-online', '--name', 'Acme online node', '--console-identity', join(work, 'console-card.json'), '--key-file', join(work, 'node-key.pem'), '--generate-key']);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const fingerprint = /\n {2}((?:[0-9a-f]{4} ){15}[0-9a-f]{4})\n/.exec(init.stdout)![1]!;
    const id = await runCli(['node', 'identity', '--node-dir', nodeDir, '--out', join(work, 'node-card.json')]);
    expect(id.stdout).toContain(fingerprint);
    const wrong = await runCli(['bundle', 'pin-node', '--identity', join(work, 'node-card.json'), '--confirm-fingerprint', fingerprint.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')), ...adminAuth, '--json']);
    expect(wrong.code).toBe(1);
    expect(envelope(wrong)).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'confirmFingerprint' }] } });
    const pinned = await runCli(['bundle', 'pin-node', '--identity', join(work, 'node-card.json'), '--confirm-fingerprint', fingerprint.toUpperCase(), ...adminAuth]);
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toContain(`Pinned Acme online node (acme-online):\n  ${fingerprint}`);
  });

  it('makes a bundle from JSON and CSV on the node, previews and imports it on the console', async () => {
    const input = join(work, 'input');
    mkdirSync(input);
    writeFileSync(join(input, 'scan.jpg'), Buffer.alloc(2048, 0xff));
    writeFileSync(
      join(input, 'items.json'),
      JSON.stringify({
        items: [
          { type: 'travel-rule-message', id: 'tr-1', data: { messageId: 'TR-1', protocol: 'trp', originatorVasp: { vaspId: 'vasp-alpha', name: 'Alpha Exchange', jurisdiction: 'DE' }, beneficiaryVasp: { vaspId: 'vasp-beta', name: 'Beta Custody', jurisdiction: 'FR' }, transfer: { assetId: 'BTC', amount: '0.25' }, ivms101: { originator: { naturalPerson: { name: 'Ada Lovelace' } } }, at: '2026-01-31T10:00:00.000Z' } },
          { type: 'attachment', id: 'scan-1', file: 'scan.jpg', contentType: 'image/jpeg' },
        ],
      }),
    );
    const tx = (n: number) => n.toString(16).padStart(64, '0');
    writeFileSync(join(input, 'deposits.csv'), `id,kind,assetId,txid,outputIndex,address,customerId,amount,confirmations,finalized\ndep-1,deposit,BTC,${tx(1)},0,bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq,C-9,0.25,6,false\ndep-2,deposit,BTC,${tx(2)},1,bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq,C-9,"0.5",3,false\n`);
    const bad = await runCli(['node', 'create', '--node-dir', nodeDir, '--input', join(input, 'deposits.csv'), '--out', work]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/say which item type/);
    // A folder that does not exist is refused before the node signs anything: the next bundle is still number 1.
    const nowhere = await runCli(['node', 'create', '--node-dir', nodeDir, '--input', join(input, 'items.json'), '--out', join(work, 'no-such-folder')]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/--out .*no-such-folder is not an existing folder.*Nothing was written/);
    const made = await runCli(['node', 'create', '--node-dir', nodeDir, '--input', join(input, 'items.json'), '--input', join(input, 'deposits.csv'), '--type', 'chain-event', '--out', work, '--json']);
    expect(made.code).toBe(0);
    const bundle = (envelope(made) as { ok: true; value: { path: string; itemCount: number; sequence: number } }).value;
    expect(bundle).toMatchObject({ itemCount: 4, sequence: 1 });
    const preview = await runCli(['bundle', 'preview', bundle.path, ...coraAuth]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('Verdict: acceptable');
    expect(preview.stdout).toMatch(/chain-event +2 +2 +0 +Ledger/);
    const refused = await runCli(['bundle', 'import', bundle.path, ...coraAuth]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/confirm with --yes/);
    const imported = await runCli(['bundle', 'import', bundle.path, '--yes', ...coraAuth]);
    expect(imported.stdout).toMatch(/Imported bundle 1 .*: 2 applied, 2 deferred; acknowledgement ack-000001-/);
    const again = await runCli(['bundle', 'import', bundle.path, '--yes', ...coraAuth, '--json']);
    expect(envelope(again)).toMatchObject({ ok: false, error: { code: 'BUNDLE_REPLAY' } });
    const list = await runCli(['bundle', 'list', ...coraAuth]);
    expect(list.stdout).toMatch(/inbound +1 .* 4 +2 +2 +vaultline-to-console-000001-/);
  });

  it('exports to a folder, the node reads it once; and the same through QR frames', async () => {
    const usb = join(work, 'usb');
    mkdirSync(usb);
    const exported = await runCli(['bundle', 'export', '--out', usb, ...coraAuth, '--json']);
    expect(exported.code).toBe(0);
    const value = (envelope(exported) as { ok: true; value: { bundle: { bundleId: string }; savedTo: { path: string } } }).value;
    const read = await runCli(['node', 'read', value.savedTo.path, '--node-dir', nodeDir, '--extract', join(work, 'extracted')]);
    expect(read.stderr).toBe('');
    expect(read.stdout).toMatch(/Outbound bundle 1 from .* verified and taken/);
    expect(JSON.parse(readFileSync(join(work, 'extracted', readdirSync(join(work, 'extracted'))[0]!), 'utf8'))).toMatchObject({ sequence: 1, applied: 2, deferred: 2 });
    const replay = await runCli(['node', 'read', value.savedTo.path, '--node-dir', nodeDir, '--json']);
    expect(envelope(replay)).toMatchObject({ ok: false, error: { code: 'BUNDLE_REPLAY' } });
    // The node's next bundle goes over QR: frames as PNG, some lost, decoded on the console.
    writeFileSync(join(work, 'one.json'), JSON.stringify([{ type: 'market-prices', data: { asOf: '2026-02-01T00:00:00.000Z', source: 'feed', quote: 'USD', prices: [{ assetId: 'BTC', price: '60000' }] } }]));
    const made = (envelope(await runCli(['node', 'create', '--node-dir', nodeDir, '--input', join(work, 'one.json'), '--out', work, '--json'])) as { ok: true; value: { path: string } }).value;
    const frames = join(work, 'frames');
    const qr = await runCli(['node', 'qr', made.path, '--out', frames, '--fragment-size', '120']);
    expect(qr.code).toBe(0);
    const pngs = readdirSync(frames).filter((f) => f.endsWith('.png')).sort();
    pngs.filter((_, i) => i % 10 < 3).forEach((f) => rmSync(join(frames, f)));
    const imported = await runCli(['bundle', 'import', '-', '--qr-frames', frames, '--yes', ...coraAuth]);
    expect(imported.stderr).toMatch(/Decoded \d+ bytes from \d+ QR frames/);
    expect(imported.stdout).toMatch(/Imported bundle 2 .*: 1 applied, 0 deferred/);
    const history = await runCli(['bundle', 'show', value.bundle.bundleId, ...coraAuth]);
    expect(history.stdout).toMatch(/outbound bundle 1/);
  });

  it('carries a PSBT as ur:crypto-psbt frames, as air-gapped wallets read them', async () => {
    const psbt = Buffer.concat([Buffer.from('70736274ff', 'hex'), Buffer.alloc(900, 7)]);
    writeFileSync(join(work, 'tx.psbt'), psbt);
    const frames = join(work, 'psbt-frames');
    expect((await runCli(['node', 'qr', join(work, 'tx.psbt'), '--out', frames, '--ur-type', 'crypto-psbt', '--fragment-size', '200'])).code).toBe(0);
    expect(readFileSync(join(frames, 'frames.txt'), 'utf8')).toMatch(/^ur:crypto-psbt\/1-\d+\//);
    const scanned = await runCli(['node', 'scan', '--frames', frames, '--out', join(work, 'back.psbt')]);
    expect(scanned.stdout).toMatch(/ur:crypto-psbt/);
    expect(readFileSync(join(work, 'back.psbt')).equals(psbt)).toBe(true);
    const asBundle = await runCli(['bundle', 'import', '-', '--qr-frames', frames, '--yes', ...coraAuth]);
    expect(asBundle.code).toBe(2);
    expect(asBundle.stderr).toMatch(/carry a PSBT/);
  });
});
