/**
 * Save bytes read from the vault as a file, through the browser's own download: a Blob behind an
 * object URL and a click on a temporary `<a download>`, as the Ledger saves a statement (see
 * screens/ledger/download.ts for why the CSP allows it). The Electron host turns it into a save
 * dialog; nothing is written without the operator choosing where.
 */
export function saveBytes(fileName: string, bytes: Uint8Array<ArrayBuffer>, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
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
    // Long enough for the download to read the Blob; the content is not kept longer than that.
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
