import { describe, expect, it } from 'vitest';
import { isAppAsset, isTrustedSender } from './security';

const dir = 'file:///opt/vaultline/out/renderer';
const index = `${dir}/index.html`;

describe('isAppAsset', () => {
  it('allows files inside the renderer directory only', () => {
    expect(isAppAsset(`${dir}/assets/index.js`, dir)).toBe(true);
    expect(isAppAsset(`${dir}/../main/index.js`, dir)).toBe(false);
    expect(isAppAsset('file:///etc/passwd', dir)).toBe(false);
    expect(isAppAsset('file:///opt/vaultline/out/renderer-evil/x.js', dir)).toBe(false);
  });

  it('blocks the network', () => {
    for (const url of ['https://example.com/', 'http://localhost:3000/', 'ws://10.0.0.1/', 'data:text/html,x', 'not a url']) {
      expect(isAppAsset(url, dir)).toBe(false);
    }
  });
});

describe('isTrustedSender', () => {
  it('trusts only the top frame of the app page', () => {
    expect(isTrustedSender(index, true, index)).toBe(true);
    expect(isTrustedSender(`${index}#/audit`, true, index)).toBe(true);
    expect(isTrustedSender(index, false, index)).toBe(false);
    expect(isTrustedSender('https://evil.example/index.html', true, index)).toBe(false);
    expect(isTrustedSender('file:///tmp/index.html', true, index)).toBe(false);
    expect(isTrustedSender(undefined, true, index)).toBe(false);
  });
});
