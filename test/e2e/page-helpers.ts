/** Waiting assertions for playwright-core locators under vitest (no @playwright/test here). */
import { expect } from 'vitest';
import type { Locator } from 'playwright-core';

const TIMEOUT = 20_000;

export async function visible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: TIMEOUT });
}

export async function hasText(locator: Locator, expected: string | RegExp): Promise<void> {
  await visible(locator);
  const poll = expect.poll(async () => (await locator.textContent()) ?? '', { timeout: TIMEOUT, interval: 100 });
  if (typeof expected === 'string') await poll.toContain(expected);
  else await poll.toMatch(expected);
}

export async function hasAttribute(locator: Locator, name: string, value: string): Promise<void> {
  await expect.poll(() => locator.getAttribute(name), { timeout: TIMEOUT, interval: 100 }).toBe(value);
}
