/**
 * Normalised search terms, so that a regulator's request finds a record however the name or
 * address was typed: names lose case, accents and punctuation and are split into tokens;
 * hex addresses and hashes lose case and 0x; bech32 addresses lose case; base58 stays as is
 * (its case is significant).
 */
import type { TermKind } from '../db/vault.repository';

export function nameTokens(name: string): string[] {
  const plain = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return plain === '' ? [] : [...new Set(plain.split(' '))];
}

export function normaliseAddress(address: string): string {
  const a = address.trim();
  if (/^0x[0-9a-fA-F]{40}$/.test(a)) return a.toLowerCase();
  if (/^(bc|tb|bcrt|ltc|tltc)1[02-9ac-hj-np-zAC-HJ-NP-Z]+$/i.test(a)) return a.toLowerCase();
  return a;
}

export function normaliseTxHash(hash: string): string {
  return hash.trim().toLowerCase().replace(/^0x/, '');
}

export interface SearchTerms {
  readonly names?: readonly string[] | undefined;
  readonly addresses?: readonly string[] | undefined;
  readonly txHashes?: readonly string[] | undefined;
}

export function toTerms(terms: SearchTerms): { kind: TermKind; value: string }[] {
  const out = new Map<string, { kind: TermKind; value: string }>();
  const add = (kind: TermKind, value: string): void => {
    if (value) out.set(`${kind}:${value}`, { kind, value });
  };
  for (const n of terms.names ?? []) for (const t of nameTokens(n)) add('name', t);
  for (const a of terms.addresses ?? []) add('address', normaliseAddress(a));
  for (const h of terms.txHashes ?? []) add('txhash', normaliseTxHash(h));
  return [...out.values()];
}
