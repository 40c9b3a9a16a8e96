/**
 * End to end: the Ledger screen on a full demo book (`createDemo`: 300 customers, 90 days, BTC and
 * ETH, a reorg reversal, open reconciliation differences) in Chromium through the browser host.
 *
 * Carla (custody officer) opens the Ledger with `g` `l`, reads the firm's positions, the journal,
 * the reorg reversal and the customer's statement (as of a past time, and as CSV), then proposes an
 * adjustment for an open reconciliation difference and is refused when she tries to approve it
 * herself; Cole approves it and the exception is resolved. An auditor sees the queue read-only; the
 * administrator is told the ledger is not for that role.
 *
 * Every figure the test expects is read from the core through the bus (as a separate auditor
 * session), never written down here. Screenshots go to test-results/e2e/ledger-*.png.
 *
 * Needs `npx electron-vite build` first (it reads out/renderer), SoftHSM2 and Debian's chromium.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { ok } from '../helpers/dev-data';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import { DEMO_CREDENTIALS, type DemoUsername } from '../../src-main/demo/demo';
import type { CommandInput, CommandName, CommandOutput } from '../../src-shared/commands';
import { formatAmount } from '../../src-shared/money';
import { demoSession, hasAttribute, hasText, openDemoConsole, requireBuiltRenderer, SHOTS, signIn as signInDemo, signOut as signOutOf, visible, type DemoConsole } from './page-helpers';

const BTC_DECIMALS = 8;

requireBuiltRenderer();

/** Signed minor units as the decimal text the screen prefills and commands take ("-0.00045"). */
const decimal = (minor: bigint, decimals: number): string => (minor < 0n ? `-${formatAmount(-minor, decimals)}` : formatAmount(minor, decimals));

describe('ledger e2e: balances, journal, statement and four-eyes reconciliation in Chromium', () => {
  let demo: DemoConsole | undefined;
  let core: Core;
  let page: Page;
  /** A separate auditor session: the test's source of truth, read through the same bus. */
  let truth: CallerContext;
  const blocked: string[] = [];
  const pageErrors: string[] = [];

  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(SHOTS, `ledger-${name}.png`), fullPage: false });
  };
  const read = <N extends CommandName>(command: N, input: CommandInput<N>): Promise<CommandOutput<N>> => ok(core, command, input, truth);
  /** The exact minor units an <Amount> inside `locator` shows. */
  const minorIn = async (locator: Locator): Promise<string | null> => locator.locator('xpath=descendant-or-self::*[@data-minor]').first().getAttribute('data-minor');

  const signIn = (username: DemoUsername): Promise<void> => signInDemo(page, username);
  const signOut = (): Promise<void> => signOutOf(page);
  const openLedgerByKeyboard = async (): Promise<void> => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('g');
    await page.keyboard.press('l');
    await visible(page.getByTestId('ledger-screen'));
  };

  beforeAll(async () => {
    demo = await openDemoConsole('ledger', { pageErrors, blocked });
    ({ core, page } = demo);
  });

  afterAll(async () => {
    await demo?.close();
  });

  it('unlocks with the demo PIN, signs Carla in, and g then l opens the Ledger with the firm’s positions', async () => {
    await page.getByLabel('Custody token PIN').fill(DEMO_CREDENTIALS.custody.pin);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await signIn('carla.custody');
    truth = await demoSession(core, 'otto.auditor');

    await openLedgerByKeyboard();
    const btc = page.locator('[data-testid="position-card"][data-asset="BTC"]');
    await visible(btc);

    // Wallet figures are the ledger's own accounts.
    const hot = (await read('ledger.accounts.list', { kind: 'wallet_hot', assetId: 'BTC' })).accounts[0]!;
    const cold = (await read('ledger.accounts.list', { kind: 'wallet_cold', assetId: 'BTC' })).accounts[0]!;
    await expect.poll(() => minorIn(btc.getByTestId('position-hot'))).toBe(hot.total);
    expect(await minorIn(btc.getByTestId('position-cold'))).toBe(cold.total);
    await hasText(btc.getByTestId('position-hot'), formatAmount(BigInt(hot.total), BTC_DECIMALS));
    expect(await minorIn(btc.getByTestId('position-wallets'))).toBe((BigInt(hot.total) + BigInt(cold.total)).toString());

    // The screen derives customer liabilities from the trial balance; here they are added up
    // customer by customer, and the two must agree to the satoshi.
    let liabilities = 0n;
    let afterCode: string | undefined;
    for (;;) {
      const page1000 = (await read('ledger.accounts.list', { kind: 'customer', assetId: 'BTC', limit: 1000, ...(afterCode ? { afterCode } : {}) })).accounts;
      for (const a of page1000) liabilities += BigInt(a.total);
      if (page1000.length < 999) break;
      afterCode = page1000[page1000.length - 1]!.code;
    }
    expect(liabilities).toBeGreaterThan(0n);
    expect(await minorIn(btc.getByTestId('position-liabilities'))).toBe(liabilities.toString());

    // The demo leaves open BTC differences: the band says so and the tab counts them.
    const open = (await read('reconciliation.exceptions.list', { status: 'open' })).exceptions;
    expect(open.length).toBeGreaterThan(0);
    await hasText(btc.getByTestId('position-open-exceptions'), `${open.filter((e) => e.assetId === 'BTC').length} open`);
    await hasText(page.getByTestId('open-exceptions-badge'), String(open.length));

    // The accounts table: first page by code, virtualised (only rows in view are in the DOM).
    const first = (await read('ledger.accounts.list', { limit: 1 })).accounts[0]!;
    const firstRow = page.locator('[data-testid="account-row"]').first();
    await hasAttribute(firstRow, 'data-code', first.code);
    await visible(firstRow.locator(`[data-minor="${first.total}"]`).first());
    await hasText(page.getByTestId('accounts-count'), /^200\+ accounts/);
    expect(await page.locator('[data-testid="account-row"]').count()).toBeLessThan(60);
    await shot('01-accounts');
  });

  it('the journal lists entries newest first and filters by type; the reversal links to the deposit it reverses', async () => {
    await page.getByTestId('ledger-tab-journal').click();
    const latest = (await read('ledger.entries.list', { limit: 1 })).entries[0]!;
    await hasAttribute(page.locator('[data-testid="entry-row"]').first(), 'data-seq', String(latest.seq));
    await shot('02-journal');

    // `/` focuses the journal's type filter.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    await page.keyboard.type('Deposit reversal');
    await page.getByRole('option', { name: 'Deposit reversal' }).click();
    const reversals = (await read('ledger.entries.list', { type: 'deposit_reversal' })).entries;
    expect(reversals.length).toBeGreaterThan(0);
    // Read all rows in one evaluation: rows re-render as the filtered page arrives.
    const shownTypes = async (): Promise<string[]> => {
      const value: unknown = await page.evaluate(`Array.from(document.querySelectorAll('[data-testid="entry-row"]'), (row) => row.getAttribute('data-type') ?? '')`);
      return Array.isArray(value) ? value.map(String) : [];
    };
    await expect.poll(shownTypes).toEqual(reversals.map(() => 'deposit_reversal'));

    const reorg = reversals[0]!;
    const linked = await read('ledger.entries.get', { entryId: reorg.id });
    expect(linked.reverses).not.toBeNull();
    await page.locator(`[data-testid="entry-row"][data-entry-id="${reorg.id}"]`).click();
    const detail = page.getByTestId('entry-detail');
    await hasAttribute(detail, 'data-entry-id', reorg.id);
    await hasAttribute(detail.getByTestId('entry-reverses'), 'data-entry-id', linked.reverses!.id);
    await hasText(detail.getByTestId('entry-reverses'), `Reverses entry #${linked.reverses!.seq}`);
    for (const p of reorg.postings) await hasAttribute(detail.locator(`[data-testid="entry-posting"][data-account="${p.accountCode}"]`), 'data-amount', p.amount);
    await hasText(detail.getByTestId('entry-idempotency-key'), reorg.idempotencyKey ?? '');
    await hasText(detail.getByTestId('entry-created-by'), 'carla.custody');
    await shot('03-entry-reversal');

    // Following the link shows the original deposit, which links back.
    await detail.getByTestId('entry-reverses').click();
    await hasAttribute(page.getByTestId('entry-detail'), 'data-entry-id', linked.reverses!.id);
    await hasAttribute(page.getByTestId('entry-detail').getByTestId('entry-reversed-by'), 'data-entry-id', reorg.id);
  });

  it('a customer account shows its balance now and as of a past time, its statement, and exports it as CSV', async () => {
    // From the original deposit's postings straight to the customer's account.
    const customerCode = (await read('ledger.entries.list', { type: 'deposit_reversal' })).entries[0]!.postings.find((p) => p.accountCode.startsWith('CUST/'))!.accountCode;
    await page.getByTestId('entry-detail').getByRole('button', { name: customerCode }).click();
    const account = page.getByTestId('account-detail');
    await hasAttribute(account, 'data-code', customerCode);
    const [, customerId, assetId] = customerCode.split('/') as [string, string, string];
    const truthAccount = (await read('ledger.accounts.list', { search: customerCode })).accounts.find((a) => a.code === customerCode)!;
    await expect.poll(() => minorIn(account.getByTestId('account-total'))).toBe(truthAccount.total);
    expect(await minorIn(account.getByTestId('account-available'))).toBe(truthAccount.available);

    // Every statement line, with its running balance; the last one is the balance now.
    const statement = await read('ledger.statement', { customerId, assetId, limit: 1000 });
    const lines = statement.lines;
    expect(lines.length).toBeGreaterThan(2);
    await hasText(page.getByTestId('statement-count'), `${lines.length} lines`);
    // Rows are virtualised: scroll to the end, where the last line's balance is the balance now.
    await page.evaluate(`document.querySelector('[data-testid="statement-table"]').scrollTo({ top: 1e9 })`);
    const last = page.locator(`[data-testid="statement-row"][data-entry-id="${lines[lines.length - 1]!.entryId}"]`);
    await hasAttribute(last, 'data-balance', truthAccount.total);
    await hasAttribute(last, 'data-type', 'deposit_reversal');

    // As of a past time: the moment of a line in the middle (the last posting at that instant).
    const k = lines.findIndex((line, i) => i >= Math.floor(lines.length / 2) && lines[i + 1] !== undefined && lines[i + 1]!.postedAt > line.postedAt);
    const at = lines[k]!;
    await account.getByTestId('as-of-input').fill(at.postedAt.slice(0, 19).replace('T', ' ') + (at.postedAt.endsWith('.000Z') ? '' : at.postedAt.slice(19, 23)));
    await account.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => minorIn(account.getByTestId('as-of-total'))).toBe(at.balance);
    expect((await read('ledger.accounts.get', { accountId: truthAccount.id, asOf: at.postedAt })).asOf?.total).toBe(at.balance);

    // CSV: the core writes it, the screen saves it through a Blob and <a download>. The host
    // refuses downloads to disk, so the test reads the Blob as the page hands it over.
    await page.evaluate(`(() => {
      const create = URL.createObjectURL.bind(URL);
      window.__savedBlobs = [];
      URL.createObjectURL = (blob) => { window.__savedBlobs.push(blob.text()); return create(blob); };
    })()`);
    const csv = await read('ledger.statement.csv', { customerId, assetId });
    const download = page.waitForEvent('download');
    await page.getByTestId('statement-export').click();
    expect((await download).suggestedFilename()).toBe(csv.fileName);
    const saved: unknown = await page.evaluate('Promise.all(window.__savedBlobs)');
    expect(saved).toEqual([csv.csv]);
    expect(csv.lines).toBe(lines.length);
    const toast = page.locator('.mantine-Notification-root').first();
    await hasText(toast, `${csv.fileName}: ${csv.lines} lines`);
    await shot('04-statement');
    await toast.locator('.mantine-Notification-closeButton').click();
    await toast.waitFor({ state: 'detached' });
  });

  let exceptionId = '';
  let difference = 0n;
  let hotBefore = 0n;

  it('the reconciliation queue shows the open differences with their evidence; Carla proposes an adjustment', async () => {
    await page.getByTestId('ledger-tab-reconciliation').click();
    const open = (await read('reconciliation.exceptions.list', { status: 'open' })).exceptions;
    await expect.poll(() => page.locator('[data-testid="exception-row"]').count()).toBe(open.length);
    await hasText(page.getByTestId('exceptions-count'), `${open.length} open, 0 awaiting approval`);
    await shot('05-reconciliation');

    const target = open[0]!;
    exceptionId = target.id;
    difference = BigInt(target.difference);
    hotBefore = BigInt((await read('ledger.accounts.list', { kind: 'wallet_hot', assetId: target.assetId })).accounts[0]!.total);
    await page.locator(`[data-testid="exception-row"][data-exception-id="${target.id}"]`).click();
    const detail = page.getByTestId('exception-detail');
    await hasAttribute(detail, 'data-exception-id', target.id);
    const evidence = target.evidence as { chainBalance: string; ledgerBalance: string; blockHeight: number; source: string };
    await expect.poll(() => minorIn(detail.getByTestId('evidence-chain'))).toBe(evidence.chainBalance);
    expect(await minorIn(detail.getByTestId('evidence-ledger'))).toBe(evidence.ledgerBalance);
    expect(await minorIn(detail.getByTestId('evidence-difference'))).toBe(target.difference);
    expect(BigInt(evidence.chainBalance) - BigInt(evidence.ledgerBalance)).toBe(difference);
    await hasText(detail.getByTestId('evidence-block'), String(evidence.blockHeight));
    await hasText(detail.getByTestId('evidence-source'), evidence.source);

    // The amount defaults to the difference: posting it brings the wallet to the chain's figure.
    const amount = detail.getByTestId('adjustment-amount-input');
    expect(await amount.inputValue()).toBe(decimal(difference, BTC_DECIMALS));
    // A note under 10 characters is stopped before it is sent.
    await detail.getByTestId('resolve-note').fill('too short');
    await detail.getByTestId('resolve-submit').click();
    await hasText(detail.getByTestId('resolve-exception'), 'at least 10 characters');
    await detail.getByTestId('resolve-note').fill('Sweep fee above the estimate; confirmed against the node export');
    await detail.getByTestId('resolve-submit').click();

    const proposal = detail.locator('[data-testid="adjustment"][data-status="proposed"]');
    await visible(proposal);
    expect(await minorIn(proposal.getByTestId('adjustment-amount'))).toBe(target.difference);
    await hasText(proposal.getByTestId('adjustment-proposed-by'), 'Carla Custody (you)');
    await hasAttribute(detail, 'data-state', 'pending');
    await hasText(page.getByTestId('exceptions-count'), '1 awaiting approval');
    await visible(detail.getByTestId('decide-own-proposal'));
    const adjustments = (await read('reconciliation.exceptions.get', { id: target.id })).adjustments;
    expect(adjustments.map((a) => [a.status, a.amount])).toEqual([['proposed', target.difference]]);
    await shot('06-adjustment-proposed');
  });

  it('Carla cannot approve her own adjustment: the core refuses (four-eyes) and the screen says so', async () => {
    const detail = page.getByTestId('exception-detail');
    await detail.getByTestId('approve-adjustment').click();
    const refusal = detail.getByTestId('exception-action-error');
    await hasAttribute(refusal, 'data-code', 'FORBIDDEN');
    await hasText(refusal, 'Four-eyes: the operator who proposed an adjustment cannot approve it.');
    await hasText(refusal, 'Refused: four-eyes rule');
    const after = await read('reconciliation.exceptions.get', { id: exceptionId });
    expect(after.exception.status).toBe('open');
    expect(after.adjustments[0]!.status).toBe('proposed');
    await shot('07-four-eyes-refused');
  });

  it('Cole signs in and approves: the entry is posted, the exception resolved, the wallet moves by the difference', async () => {
    await page.keyboard.press('Escape');
    await signOut();
    await signIn('cole.custody');
    await openLedgerByKeyboard();
    await page.getByTestId('ledger-tab-reconciliation').click();
    const row = page.locator(`[data-testid="exception-row"][data-exception-id="${exceptionId}"]`);
    await hasAttribute(row, 'data-state', 'pending');
    await row.click();
    const detail = page.getByTestId('exception-detail');
    await hasText(detail.getByTestId('adjustment-proposed-by'), 'op_');
    expect(await detail.getByTestId('decide-own-proposal').count()).toBe(0);
    await detail.getByTestId('decision-note').fill('Checked the fee against the transaction on the node');
    await detail.getByTestId('approve-adjustment').click();

    await hasAttribute(detail, 'data-state', 'adjusted');
    await hasText(detail.getByTestId('exception-resolution'), 'Resolved by an adjustment');
    await hasText(detail.getByTestId('adjustment-decided-by'), 'Approved by Cole Custody (you)');
    const resolved = await read('reconciliation.exceptions.get', { id: exceptionId });
    expect(resolved.exception).toMatchObject({ status: 'resolved', resolution: 'adjusted' });
    expect(resolved.adjustments[0]).toMatchObject({ status: 'approved' });
    const hotAfter = BigInt((await read('ledger.accounts.list', { kind: 'wallet_hot', assetId: 'BTC' })).accounts[0]!.total);
    expect(hotAfter).toBe(hotBefore + difference);
    await shot('08-approved-by-second-officer');

    // The posted entry is one click away, and the positions band shows the moved hot wallet.
    await detail.getByTestId('adjustment-entry').click();
    const entry = page.getByTestId('entry-detail');
    await hasAttribute(entry, 'data-seq', String(resolved.adjustments[0]!.entrySeq));
    // The core names the author of an approved adjustment's entry `operator:<username>` (7a159e4).
    await hasText(entry.getByTestId('entry-created-by'), 'cole.custody');
    await page.keyboard.press('Escape');
    await page.getByTestId('ledger-tab-accounts').click();
    const btc = page.locator('[data-testid="position-card"][data-asset="BTC"]');
    await expect.poll(() => minorIn(btc.getByTestId('position-hot'))).toBe(hotAfter.toString());
  });

  it('an auditor reads the queue but is offered no action; the administrator is told the ledger is not for that role', async () => {
    await signOut();
    await signIn('otto.auditor');
    await openLedgerByKeyboard();
    await page.getByTestId('ledger-tab-reconciliation').click();
    const stillOpen = (await read('reconciliation.exceptions.list', { status: 'open' })).exceptions;
    expect(stillOpen.length).toBeGreaterThan(0);
    await page.locator(`[data-testid="exception-row"][data-exception-id="${stillOpen[0]!.id}"]`).click();
    await visible(page.getByTestId('exception-read-only'));
    expect(await page.getByTestId('resolve-exception').count()).toBe(0);
    await shot('09-auditor-read-only');
    await page.keyboard.press('Escape');

    await signOut();
    await signIn('ada.admin');
    expect(await page.getByTestId('nav-ledger').count()).toBe(0);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('g');
    await page.keyboard.press('l');
    await hasText(page.getByText('Ledger needs another role'), 'Ledger needs another role');
    await shot('10-admin-not-for-role');
  });

  it('a compliance officer (MLRO) resolves the last open difference with an explanation, no entry posted', async () => {
    await signOut();
    await signIn('maria.mlro');
    await openLedgerByKeyboard();
    await page.getByTestId('ledger-tab-reconciliation').click();
    const open = (await read('reconciliation.exceptions.list', { status: 'open' })).exceptions;
    expect(open).toHaveLength(1);
    const lastSeq = (await read('ledger.entries.list', { limit: 1 })).entries[0]!.seq;
    await page.locator(`[data-testid="exception-row"][data-exception-id="${open[0]!.id}"]`).click();
    const detail = page.getByTestId('exception-detail');
    await detail.getByTestId('resolve-mode').getByText('Explain (no entry)').click();
    await detail.getByTestId('resolve-note').fill('Snapshot taken while the sweep was in the mempool; the next snapshot agrees');
    await detail.getByRole('button', { name: 'Resolve with explanation' }).click();
    await hasAttribute(detail, 'data-state', 'explained');
    await hasText(detail.getByTestId('exception-resolution'), 'Resolved with an explanation');
    await hasText(page.getByTestId('exceptions-count'), 'No open differences');
    expect(await page.getByTestId('open-exceptions-badge').count()).toBe(0);
    const after = await read('reconciliation.exceptions.get', { id: open[0]!.id });
    expect(after.exception).toMatchObject({ status: 'resolved', resolution: 'explained' });
    expect((await read('ledger.entries.list', { limit: 1 })).entries[0]!.seq).toBe(lastSeq);
    await shot('11-explained-by-mlro');
  });

  it('made no outside request and threw no page error', () => {
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
