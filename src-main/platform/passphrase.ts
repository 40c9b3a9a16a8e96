/**
 * Operator passphrases: argon2id (RFC 9106) through the maintained `argon2` binding. Parameters
 * follow RFC 9106 §4's second recommended option (64 MiB, t=3), with one lane so that a
 * two-core workstation is not saturated by a login.
 */
import argon2 from 'argon2';

const OPTIONS = { type: argon2.argon2id, memoryCost: 64 * 1024, timeCost: 3, parallelism: 1 } as const;

export async function hashPassphrase(passphrase: string): Promise<string> {
  return argon2.hash(passphrase, OPTIONS);
}

export async function verifyPassphrase(hash: string, passphrase: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, passphrase);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * Verify against a throwaway hash, so that an unknown username takes as long as a known one and
 * the response time does not tell which usernames exist.
 */
export async function burnPassphraseCheck(passphrase: string): Promise<void> {
  dummy ??= hashPassphrase('vaultline-timing-equaliser');
  await verifyPassphrase(await dummy, passphrase);
}
