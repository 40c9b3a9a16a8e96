/**
 * The folder an operator last exported evidence to, to prefill the next export. A path is not a
 * secret, but it is kept per operator so that one operator's folder names are not offered to the
 * next. Storage can be unavailable (a locked-down profile): then nothing is remembered.
 */
const key = (operatorId: string): string => `vaultline.evidence.lastFolder.${operatorId}`;

export function lastFolder(operatorId: string): string {
  try {
    return window.localStorage.getItem(key(operatorId)) ?? '';
  } catch {
    return '';
  }
}

export function rememberFolder(operatorId: string, folder: string): void {
  try {
    window.localStorage.setItem(key(operatorId), folder);
  } catch {
    // Nothing to do: the field simply starts empty next time.
  }
}
