import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../csp';
import { APP_ORIGIN, resolveAsset } from './renderer-assets';

const dir = '/opt/vaultline/out/renderer';

describe('resolveAsset', () => {
  it('serves index.html at the root and files below the renderer directory', () => {
    expect(resolveAsset(`${APP_ORIGIN}/`, dir)).toEqual({ path: `${dir}/index.html`, contentType: 'text/html; charset=utf-8' });
    expect(resolveAsset(`${APP_ORIGIN}/assets/index-abc.js?v=1#x`, dir)).toEqual({ path: `${dir}/assets/index-abc.js`, contentType: 'text/javascript; charset=utf-8' });
    expect(resolveAsset(`${APP_ORIGIN}/assets/inter.woff2`, dir)?.contentType).toBe('font/woff2');
  });

  it('refuses other origins', () => {
    expect(resolveAsset('https://vaultline.local/', dir)).toBeUndefined();
    expect(resolveAsset('http://example.com/index.html', dir)).toBeUndefined();
    expect(resolveAsset('file:///etc/passwd', dir)).toBeUndefined();
    expect(resolveAsset('not a url', dir)).toBeUndefined();
  });

  it('never climbs out of the renderer directory', () => {
    const hostile = [
      '/../../etc/passwd.txt',
      '/%2e%2e/%2e%2e/secret.json',
      '/assets/..%2f..%2f..%2fconsole.json',
      '/assets/%2e%2e%2f%2e%2e%2fwrapped-key.json',
      '/a%5c..%5c..%5cx.js',
      '/%00.js',
      '/%E0%A4%A.js',
    ];
    for (const path of hostile) {
      const target = resolveAsset(`${APP_ORIGIN}${path}`, dir);
      if (target) expect(target.path.startsWith(`${dir}/`), `${path} → ${target.path}`).toBe(true);
    }
    expect(resolveAsset(`${APP_ORIGIN}/assets/..%2f..%2f..%2fconsole.json`, dir)).toBeUndefined();
    expect(resolveAsset(`${APP_ORIGIN}/a%5c..%5c..%5cx.js`, dir)).toBeUndefined();
    expect(resolveAsset(`${APP_ORIGIN}/%00.js`, dir)).toBeUndefined();
  });

  it('refuses unknown file types', () => {
    expect(resolveAsset(`${APP_ORIGIN}/data.sqlite`, dir)).toBeUndefined();
    expect(resolveAsset(`${APP_ORIGIN}/assets`, dir)).toBeUndefined();
  });
});

describe('CSP', () => {
  it('index.html carries the same policy the hosts send as a header', () => {
    const html = readFileSync(join(import.meta.dirname, '../../../src-renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });
});
