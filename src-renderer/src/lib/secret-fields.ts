/**
 * Secrets (PINs, passphrases) never enter React or zustand state: their inputs are uncontrolled,
 * read once at submit and blanked in the same tick, before the command is even sent. The values
 * then live only in the call's arguments until the bridge has serialised them. (JS gives no way to
 * zero a string; dropping every reference is the most the renderer can do.)
 */

/** Read the named fields of a form; blank those listed in `secret` (and any password input). */
export function takeFields<K extends string>(form: HTMLFormElement, names: readonly K[], secret: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const name of names) {
    const element = form.elements.namedItem(name);
    const input = element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? element : null;
    out[name] = input?.value ?? '';
    if (input && (secret.includes(name) || input.type === 'password')) input.value = '';
  }
  return out;
}

/** Blank every password input of a form (after a submit, whatever its outcome). */
export function clearSecrets(form: HTMLFormElement | null): void {
  if (!form) return;
  for (const element of Array.from(form.elements)) {
    if (element instanceof HTMLInputElement && element.type === 'password') element.value = '';
  }
}
