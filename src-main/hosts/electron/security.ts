/**
 * Checks for the Electron host that do not need Electron itself, so that they can be unit-tested
 * under Node: which URLs are the app's own assets, and which IPC senders are trusted.
 */

/** The renderer's Content-Security-Policy lives beside all hosts, since the browser host sends it too. */
export { CONTENT_SECURITY_POLICY } from '../csp';

/** Whether `url` is a file inside the built renderer directory (and nothing else). */
export function isAppAsset(url: string, rendererDirUrl: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'devtools:') return true;
  if (parsed.protocol !== 'file:') return false;
  const base = rendererDirUrl.endsWith('/') ? rendererDirUrl : `${rendererDirUrl}/`;
  // Normalised by URL parsing, so `..` segments cannot climb out of the renderer directory.
  return parsed.href.startsWith(base);
}

/** IPC is answered only for the app's own top-level page (VS Code's sender validation). */
export function isTrustedSender(frameUrl: string | undefined, isTopFrame: boolean, indexUrl: string): boolean {
  if (!isTopFrame || !frameUrl) return false;
  try {
    const sender = new URL(frameUrl);
    const index = new URL(indexUrl);
    return sender.protocol === 'file:' && sender.pathname === index.pathname;
  } catch {
    return false;
  }
}
