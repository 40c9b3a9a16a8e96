/**
 * End to end: the Withdrawals screen on the demo console in Chromium through the browser host.
 *
 * Carla (senior custody officer) opens the queue with `g` `w`, opens a treasury BTC withdrawal
 * worth more than 10 000 USD (the policy's middle tier: two custody officers and a compliance
 * officer), and is refused when she approves her own. Cole, Chen and Maria (MLRO) each sign in
 * through the window and approve with their own token PIN; Carla, who opened it, finds Sign off
 * (separation of duties) and Cole has the HSM sign; Bundles → Send
 * writes the outbound bundle to a folder. The demo's online node then reads that bundle with its
 * pinned key, and bitcoinjs-lib checks the signed transaction on its own: every input's signature
 * over BIP143 with the previous output it spends, and the payment exactly as approved.
 *
 * Every figure the test expects is read from the core through the bus (an auditor's session) or
 * from resources/quorum-policy.json, never from the screen alone. Screenshots go to
 * test-results/e2e/withdrawals-*.png.
 *
 * Needs `npx electron-vite build` first (it reads out/renderer), SoftHSM2 and Debian's chromium.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as bitcoin from 'bitcoinjs-lib';
import * as ecc from '@bitcoinerlab/secp256k1';
import { call, ok } from '../helpers/dev-data';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import { DEMO_CREDENTIALS, type DemoUsername } from '../../src-main/demo/demo';
import { demoOperator } from '../../src-main/demo/demo-credentials';
import { NodeDir } from '../../src-main/online-node/node-config';
import { OnlineNode } from '../../src-main/online-node/online-node';
import { systemClock } from '../../src-main/platform/clock';
import type { CommandInput, CommandName, CommandOutput } from '../../src-shared/commands';
import { formatAmount, parseAmount } from '../../src-shared/money';
import policyJson from '../../resources/quorum-policy.json';
import { demoSession, hasAttribute, hasText, openDemoConsole, requireBuiltRenderer, SHOTS, signIn as signInDemo, visible, type DemoConsole } from './page-helpers';

bitcoin.initEccLib(ecc);

const BTC_DECIMALS = 8;
/** A mainnet P2WPKH address that is not the firm's and not on the OFAC list. */
const DESTINATION = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const AMOUNT = '0.25';
const FEE_CAP = '0.0003';

requireBuiltRenderer();

interface PolicyRule {
  readonly name: string;
  readonly when: { readonly minUsdCents?: number; readonly maxUsdCents?: number };
  readonly require: readonly { readonly role: string; readonly count: number; readonly senior?: number }[];
}
const RULES = (policyJson as { rules: readonly PolicyRule[] }).rules;
/** The policy's rule for a USD value, as resources/quorum-policy.json says (first match wins). */
const ruleFor = (usdCents: bigint): PolicyRule | undefined =>
  RULES.find((r) => (r.when.minUsdCents === undefined || usdCents >= BigInt(r.when.minUsdCents)) && (r.when.maxUsdCents === undefined || usdCents <= BigInt(r.when.maxUsdCents)));

describe('withdrawals e2e: a treasury withdrawal through three approvers’ tokens, the HSM and the online node', () => {
  let demo: DemoConsole | undefined;
  let root: string;
  let dir: string;
  let core: Core;
  let page: Page;
  /** A separate auditor session: the test's source of truth, read through the same bus. */
  let truth: CallerContext;
  let withdrawalId: string;
  const pageErrors: string[] = [];
  const blocked: string[] = [];

  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(SHOTS, `withdrawals-${name}.png`), fullPage: false });
  };
  const read = <N extends CommandName>(command: N, input: CommandInput<N>): Promise<CommandOutput<N>> => ok(core, command, input, truth);
  const detail = () => page.getByTestId('withdrawal-detail');

  const signIn = (username: DemoUsername): Promise<void> => signInDemo(page, username);
  /** Switch operator through the window: close the drawer, Sign out from the operator menu, sign in. */
  const switchTo = async (username: DemoUsername): Promise<void> => {
    if (await detail().isVisible()) {
      await page.keyboard.press('Escape');
      await detail().waitFor({ state: 'hidden' });
    }
    await page.getByTestId('operator-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await visible(page.getByRole('button', { name: 'Sign in' }));
    await signIn(username);
  };
  /** `g` then `w`, from wherever the window is. */
  const openQueueByKeyboard = async (): Promise<void> => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('g');
    await page.keyboard.press('w');
    await visible(page.getByTestId('withdrawals-screen'));
  };
  const row = (id: string) => page.locator(`[data-testid="withdrawal-row"][data-withdrawal-id="${id}"]`);
  const openWithdrawal = async (id: string): Promise<void> => {
    await row(id).click();
    await hasAttribute(detail(), 'data-withdrawal-id', id);
  };
  const approveWithPin = async (username: DemoUsername): Promise<void> => {
    // `a` puts the cursor in the PIN field of the open withdrawal.
    await page.keyboard.press('a');
    await visible(page.locator('[data-testid="approve-pin"]:focus'));
    await page.keyboard.type(demoOperator(username).tokenPin);
    await page.getByTestId('approve-button').click();
  };

  beforeAll(async () => {
    demo = await openDemoConsole('withdrawals', { pageErrors, blocked });
    ({ root, dir, core, page } = demo);
  });

  afterAll(async () => {
    await demo?.close();
  });

  it('unlocks, signs Carla in, and g then w opens the queue with a count per state', async () => {
    await page.getByLabel('Custody token PIN').fill(DEMO_CREDENTIALS.custody.pin);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await signIn('carla.custody');
    truth = await demoSession(core, 'otto.auditor');

    await openQueueByKeyboard();
    const count = async (states: CommandInput<'custody.withdrawals.list'>['states']) => (await read('custody.withdrawals.list', { states })).withdrawals.length;
    const pending = await count(['pending_approval']);
    expect(pending).toBeGreaterThan(0);
    await hasText(page.getByTestId('withdrawals-count-pending'), String(pending));
    await hasText(page.getByTestId('withdrawals-count-signed'), String(await count(['signed', 'broadcast'])));
    await hasText(page.getByTestId('withdrawals-count-blocked'), String(await count(['blocked'])));
    await hasText(page.getByTestId('withdrawals-count-rejected'), String(await count(['rejected'])));
    await expect.poll(() => page.getByTestId('withdrawal-row').count()).toBe(pending);
    await shot('01-queue');

    // The help lists the screen's own keys beside the global ones.
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcuts-help');
    await hasText(help, 'Go to Withdrawals');
    await hasText(help.locator('[data-scope="withdrawals"]').first(), 'Next withdrawal');
    await shot('02-shortcuts');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // The demo's blocked withdrawal: the screening outcome is in its detail, and nothing can approve it.
    const [stopped] = (await read('custody.withdrawals.list', { states: ['blocked'] })).withdrawals;
    await page.getByTestId('withdrawals-tab-blocked').click();
    await openWithdrawal(stopped!.id);
    await hasAttribute(detail().locator('[data-testid="precheck"][data-name="sanctions screening"]'), 'data-outcome', 'block');
    await hasText(page.getByTestId('blocked-reason'), 'OFAC');
    await hasText(page.getByTestId('quorum-missing'), 'Blocked before approval: it takes no approvals.');
    expect(await page.getByTestId('approve-card').count()).toBe(0);
    await shot('03-blocked-by-screening');
    await page.keyboard.press('Escape');
    await detail().waitFor({ state: 'hidden' });
  });

  it('Carla opens a treasury BTC withdrawal worth more than 10 000 USD: two custody officers and the MLRO must approve', async () => {
    await page.getByTestId('withdrawals-tab-pending').click();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('n');
    const form = page.getByTestId('create-withdrawal-form');
    await visible(form);
    const btcHot = (await read('custody.wallets.list', {})).wallets.find((w) => w.assetId === 'BTC' && w.role === 'hot')!;
    await page.getByTestId('create-wallet').click();
    await page.getByRole('option', { name: new RegExp(`^${btcHot.label.replace(/[()]/g, '\\$&')} · BTC hot`) }).click();
    await page.getByTestId('create-amount').fill(AMOUNT);
    await page.getByTestId('create-fee-cap').fill(FEE_CAP);
    await page.getByTestId('create-destination').fill(DESTINATION);
    await hasText(page.getByTestId('create-summary'), '25,000,000 minor units');
    await shot('04-create-form');
    await page.getByTestId('create-submit').click();

    await hasAttribute(detail(), 'data-state', 'pending_approval');
    withdrawalId = (await detail().getAttribute('data-withdrawal-id'))!;
    const w = (await read('custody.withdrawals.get', { id: withdrawalId })).withdrawal;
    expect(w).toMatchObject({ source: 'console', customerId: null, assetId: 'BTC', walletId: btcHot.id, amount: parseAmount(AMOUNT, BTC_DECIMALS).toString(), destination: DESTINATION, initiator: 'carla.custody' });
    // The tier follows from the USD value and the policy file: at least 10 000 USD, three approvers, one of them compliance.
    const rule = ruleFor(BigInt(w.usdCents))!;
    expect(BigInt(w.usdCents)).toBeGreaterThanOrEqual(1_000_000n);
    expect(rule.require.reduce((n, r) => n + r.count, 0)).toBe(3);
    expect(rule.require.map((r) => r.role)).toContain('compliance_officer');
    expect(w.ruleName).toBe(rule.name);

    await hasAttribute(page.getByTestId('detail-amount'), 'data-minor', w.amount);
    await hasAttribute(page.getByTestId('detail-usd'), 'data-cents', w.usdCents);
    await hasAttribute(page.getByTestId('detail-destination'), 'data-address', DESTINATION);
    await hasAttribute(page.getByTestId('detail-fee-cap'), 'data-minor', parseAmount(FEE_CAP, BTC_DECIMALS).toString());
    await hasText(page.getByTestId('detail-policy'), rule.name);
    await hasText(page.getByTestId('quorum-required'), '2 custody officers and 1 compliance officer (MLRO)');
    await hasText(page.getByTestId('quorum-progress'), '0 of 3');
    await hasText(page.getByTestId('quorum-missing'), 'Still needed: 2 more custody officers and 1 more compliance officer (MLRO)');
    // Every pre-check the core ran is shown with its outcome; these must be among them, and all pass.
    const { prechecks } = await read('custody.withdrawals.get', { id: withdrawalId });
    expect(prechecks.map((p) => p.name)).toEqual(expect.arrayContaining(['USD valuation', 'quorum policy', 'sanctions screening', 'velocity and exposure limits', 'ledger hold']));
    for (const check of prechecks) {
      expect(check.outcome).toBe('pass');
      await hasAttribute(detail().locator(`[data-testid="precheck"][data-name="${check.name}"]`), 'data-outcome', 'pass');
    }
    // Customer risk: the KYC gate's own words where the build has one, else the screen says there is no customer.
    await hasText(detail().locator('[data-customer-risk]'), /treasury/i);
    await visible(row(withdrawalId));
    await shot('05-created-detail');
  });

  it('Carla cannot approve what she opened: the console’s refusal is shown as the bus said it', async () => {
    await visible(page.getByTestId('initiator-note'));
    await approveWithPin('carla.custody');
    const refusal = page.getByTestId('withdrawal-refusal');
    await hasAttribute(refusal, 'data-code', 'FORBIDDEN');
    await hasAttribute(refusal, 'data-kind', 'initiator');
    await hasText(page.getByTestId('withdrawal-refusal-message'), 'The initiator of a withdrawal cannot approve it.');
    await hasText(refusal, 'Refused: separation of duties');
    // The PIN left the field at submit.
    expect(await page.getByTestId('approve-pin').inputValue()).toBe('');
    expect((await read('custody.withdrawals.get', { id: withdrawalId })).approvals).toHaveLength(0);
    await shot('06-self-approval-refused');
  });

  it('Cole, Chen and Maria each sign in and approve with their own token', async () => {
    const steps: { who: DemoUsername; progress: string; missing: RegExp }[] = [
      { who: 'cole.custody', progress: '1 of 3', missing: /Still needed: 1 more custody officer and 1 more compliance officer \(MLRO\)/ },
      { who: 'chen.custody', progress: '2 of 3', missing: /Still needed: 1 more compliance officer \(MLRO\)/ },
      { who: 'maria.mlro', progress: '3 of 3', missing: /Quorum complete/ },
    ];
    for (const [i, step] of steps.entries()) {
      await switchTo(step.who);
      await openQueueByKeyboard();
      await page.getByTestId('withdrawals-tab-pending').click();
      await openWithdrawal(withdrawalId);
      await approveWithPin(step.who);
      await hasText(page.getByTestId('withdrawal-notice'), 'Your approval is signed by your token and recorded');
      await hasText(page.getByTestId('quorum-progress'), step.progress);
      await hasText(page.getByTestId('quorum-missing'), step.missing);
      await visible(page.locator(`[data-testid="approval-row"][data-username="${step.who}"][data-valid="true"]`));
      expect(await page.getByTestId('approve-pin').count()).toBe(i < 2 ? 1 : 0);
      if (i < 2) expect(await page.getByTestId('approve-pin').inputValue()).toBe('');
      await shot(`0${7 + i}-approved-by-${step.who.split('.')[0]!}`);
    }
    await hasAttribute(detail(), 'data-state', 'approved');
    await hasText(page.getByTestId('withdrawal-notice'), 'The quorum is complete');
    const got = await read('custody.withdrawals.get', { id: withdrawalId });
    expect(got.withdrawal.state).toBe('approved');
    expect(got.missing).toEqual([]);
    expect(got.approvals.map((a) => [a.username, a.role, a.valid])).toEqual(
      expect.arrayContaining([
        ['cole.custody', 'custody_officer', true],
        ['chen.custody', 'custody_officer', true],
        ['maria.mlro', 'compliance_officer', true],
      ]),
    );
    // The screen followed the withdrawal to its new tab.
    await hasAttribute(page.getByTestId('withdrawals-tab-approved'), 'aria-selected', 'true');
  });

  it('Carla, who opened it, cannot sign; Cole has the HSM sign once the quorum holds', async () => {
    // Separation of duties: the initiator sees why the Sign button is off (the core refuses it too).
    await switchTo('carla.custody');
    await openQueueByKeyboard();
    await page.getByTestId('withdrawals-tab-approved').click();
    await openWithdrawal(withdrawalId);
    await hasText(page.getByTestId('sign-initiator-note'), 'the initiator cannot sign it');
    expect(await page.getByTestId('sign-button').isDisabled()).toBe(true);
    await shot('10-initiator-cannot-sign');
    const refused = await call(core, 'custody.withdrawals.sign', { id: withdrawalId }, await demoSession(core, 'carla.custody'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    await switchTo('cole.custody');
    await openQueueByKeyboard();
    await page.getByTestId('withdrawals-tab-approved').click();
    await visible(row(withdrawalId));
    // j selects the first row (the newest), o opens it, s puts focus on Sign, Enter signs.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    const approved = (await read('custody.withdrawals.list', { states: ['approved'] })).withdrawals;
    const steps = approved.findIndex((w) => w.id === withdrawalId);
    for (let i = 0; i <= steps; i += 1) await page.keyboard.press('j');
    await hasAttribute(row(withdrawalId), 'data-selected', '');
    await page.keyboard.press('o');
    await hasAttribute(detail(), 'data-withdrawal-id', withdrawalId);
    await page.keyboard.press('s');
    await visible(page.locator('[data-testid="sign-button"]:focus'));
    await page.keyboard.press('Enter');
    await hasAttribute(detail(), 'data-state', 'signed');
    const got = await read('custody.withdrawals.get', { id: withdrawalId });
    expect(got.withdrawal.txid).toMatch(/^[0-9a-f]{64}$/);
    await hasText(page.getByTestId('detail-txid'), got.withdrawal.txid!);
    await hasText(page.getByTestId('withdrawal-notice'), 'Signed by the HSM');
    await hasAttribute(page.getByTestId('withdrawals-tab-signed'), 'aria-selected', 'true');
    await shot('11-signed');
  });

  it('Bundles → Send writes the signed transaction out; the online node reads it and bitcoinjs-lib verifies it', async () => {
    await page.getByTestId('to-bundles').click();
    await visible(page.getByTestId('outbox-items'));
    await hasText(page.getByTestId('outbox-items'), 'signed-transaction');
    await shot('11-outbox');
    const usb = join(root, 'usb');
    mkdirSync(usb);
    await page.getByLabel('Write to folder (optional)').fill(usb);
    await page.getByTestId('export-button').click();
    await hasText(page.getByTestId('export-notice'), /Bundle \d+ signed and recorded with \d+ items?, written to/);
    await shot('12-exported');

    // The demo's online node, pinned at its key ceremony. It takes the console's bundles in
    // sequence, so first the one the demo left in outbound/, then ours.
    const node = new OnlineNode(new NodeDir(join(dir, 'online-node')), systemClock);
    for (const file of readdirSync(join(dir, 'outbound')).sort()) expect((await node.read({ kind: 'file', path: join(dir, 'outbound', file) })).accepted).toBe(true);
    const [file] = readdirSync(usb).filter((f) => f.startsWith('vaultline-to-node-'));
    const bundle = await node.read({ kind: 'file', path: join(usb, file!) });
    expect(bundle.accepted).toBe(true);
    const item = bundle.items.find((i) => i.line.type === 'signed-transaction' && (i.payload as { withdrawalId?: string }).withdrawalId === withdrawalId)?.payload as { rawTransaction: string; txid: string; assetId: string };
    expect(item).toBeDefined();

    const got = await read('custody.withdrawals.get', { id: withdrawalId });
    expect(item).toMatchObject({ assetId: 'BTC', txid: got.withdrawal.txid, rawTransaction: got.signedTx });

    // bitcoinjs-lib, on its own: the transaction id, the payment, the change, the fee, and every signature.
    const tx = bitcoin.Transaction.fromHex(item.rawTransaction);
    expect(tx.getId()).toBe(item.txid);
    const destinationScript = Buffer.from(bitcoin.address.toOutputScript(DESTINATION, bitcoin.networks.bitcoin));
    const paid = tx.outs.filter((o) => Buffer.from(o.script).equals(destinationScript));
    expect(paid).toHaveLength(1);
    expect(BigInt(paid[0]!.value)).toBe(BigInt(got.withdrawal.amount));
    const ours = new Set(
      (await read('custody.addresses.list', { walletId: got.withdrawal.walletId })).addresses.map((a) => Buffer.from(bitcoin.address.toOutputScript(a.address, bitcoin.networks.bitcoin)).toString('hex')),
    );
    for (const out of tx.outs.filter((o) => o !== paid[0])) expect(ours.has(Buffer.from(out.script).toString('hex'))).toBe(true);

    // The previous transactions come from the console's own records of the coins it spends; each must hash to the outpoint it claims.
    const sqlite = core.console.requireDb().sqlite;
    let spent = 0n;
    tx.ins.forEach((input, i) => {
      const txid = Buffer.from(input.hash).reverse().toString('hex');
      const record = sqlite.prepare('SELECT prev_tx_hex AS hex FROM wallet_utxos WHERE txid = ? AND vout = ?').get(txid, input.index) as { hex: string } | undefined;
      expect(record).toBeDefined();
      const prev = bitcoin.Transaction.fromHex(record!.hex);
      expect(prev.getId()).toBe(txid);
      const prevOut = prev.outs[input.index]!;
      spent += BigInt(prevOut.value);
      const [der, pub] = input.witness as Buffer[];
      const payment = bitcoin.payments.p2wpkh({ pubkey: Buffer.from(pub!) });
      expect(Buffer.from(payment.output!).equals(Buffer.from(prevOut.script))).toBe(true);
      const scriptCode = bitcoin.payments.p2pkh({ hash: payment.hash }).output!;
      const signature = bitcoin.script.signature.decode(Buffer.from(der!));
      expect(signature.hashType).toBe(bitcoin.Transaction.SIGHASH_ALL);
      const sighash = tx.hashForWitnessV0(i, scriptCode, BigInt(prevOut.value), bitcoin.Transaction.SIGHASH_ALL);
      // strict: low-S only (BIP146)
      expect(ecc.verify(sighash, pub!, signature.signature, true)).toBe(true);
    });
    const fee = spent - tx.outs.reduce((n, o) => n + BigInt(o.value), 0n);
    expect(fee).toBeGreaterThan(0n);
    expect(fee).toBeLessThanOrEqual(BigInt(got.withdrawal.feeCap));
    expect(fee.toString()).toBe(got.withdrawal.networkFee);
    expect(formatAmount(BigInt(paid[0]!.value), BTC_DECIMALS)).toBe(AMOUNT);

    expect(pageErrors).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
