/**
 * The renderer's Content-Security-Policy, shared by every host that shows it (Electron, browser):
 * own assets only, nothing remote, no eval. src-renderer/index.html carries the same policy in a
 * meta tag for the file:// case; a unit test keeps the two equal.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'none'",
  "worker-src 'self' blob:",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
