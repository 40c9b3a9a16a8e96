/** The console as a party to bundles: its id, name and identity key (from the custody token). */
import type { Party } from '../../src-shared/bundles/bundle-format';
import { VaultlineError } from '../errors';
import type { ConsoleService } from '../services/console.service';
import { keyFingerprintHex, rawSigner, type BundleSigner } from './bundle-keys';

export function consoleParty(console: ConsoleService): Party {
  const config = console.config;
  const identity = console.identity;
  if (!config || !identity) throw new VaultlineError('LOCKED', 'The console is locked.');
  return { kind: 'console', id: config.consoleId, name: config.consoleName, keyFingerprint: keyFingerprintHex(identity.spki) };
}

/** Outbound bundles are signed by the console identity key in the custody token. */
export function consoleSigner(console: ConsoleService): BundleSigner {
  const identity = console.identity;
  if (!identity) throw new VaultlineError('LOCKED', 'The console is locked.');
  return rawSigner(identity.spki, (message) => console.signWithIdentity(message));
}
