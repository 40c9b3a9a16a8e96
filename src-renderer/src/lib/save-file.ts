/**
 * Save what the core produced (a bundle, a CSV statement, a vault record) as a file, through the
 * browser's own download: a Blob behind an object URL and a click on a temporary `<a download>`.
 *
 * The CSP (src-main/hosts/csp.ts) needs no change for this: a download is neither a fetch
 * (connect-src) nor a navigation of the page, and Chromium starts it from a `blob:` URL under
 * `default-src 'none'` (the Ledger e2e test checks that the download starts with the file name).
 * The Electron host turns it into a save dialog; nothing is written without the operator choosing
 * where.
 */
export function saveFile(fileName: string, content: Uint8Array | string, type: string): void {
  // A copy of the bytes: the Blob must not see a buffer the caller may reuse or zero.
  const url = URL.createObjectURL(new Blob([typeof content === 'string' ? content : content.slice().buffer], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  document.body.append(anchor);
  try {
    anchor.click();
  } finally {
    anchor.remove();
    // Revoking at once can cancel the download in some engines before it has read the Blob; a
    // minute is ample, and the content stays in memory no longer than that.
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
