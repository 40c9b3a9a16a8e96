/**
 * Which file of the built renderer answers a request to the browser host's fake origin. Pure path
 * logic, so that it can be tested without a browser: nothing outside the renderer directory is
 * ever served, whatever the URL says.
 */
import { extname, resolve, sep } from 'node:path';

/** The origin the browser host serves the renderer under. `.local` never resolves to a real host. */
export const APP_ORIGIN = 'http://vaultline.local';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface AssetTarget {
  readonly path: string;
  readonly contentType: string;
}

/**
 * The file for `url`, or undefined when the URL is not an app asset: another origin, a path that
 * climbs out of `rendererDir` (also when percent-encoded), or an unknown file type.
 */
export function resolveAsset(url: string, rendererDir: string): AssetTarget | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.origin !== APP_ORIGIN) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = resolve(rendererDir);
  const path = resolve(root, relative);
  if (!path.startsWith(root + sep)) return undefined;
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
  return contentType ? { path, contentType } : undefined;
}
