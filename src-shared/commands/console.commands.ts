import { z } from 'zod';
import { defineCommand } from './define';
import { isoTimestamp, passphrase, pin, tokenLabel, username, displayName } from '../schemas';

export const consoleStatus = defineCommand({
  name: 'console.status',
  quiet: true,
  summary: 'Whether the console is initialised and unlocked; safe to call at any time',
  access: 'public',
  needsUnlock: false,
  input: z.object({}).strict(),
  output: z.object({
    initialized: z.boolean(),
    locked: z.boolean(),
    consoleId: z.string().optional(),
    consoleName: z.string().optional(),
    custodyTokenLabel: z.string().optional(),
    identityFingerprint: z.string().optional(),
    idleTimeoutSeconds: z.number().int().positive(),
    unlockFailures: z.number().int().nonnegative(),
    unlockBlockedUntil: isoTimestamp.optional(),
  }),
});

export const consoleInit = defineCommand({
  name: 'console.init',
  summary: 'Key ceremony: create the wrapping key, identity key, database key and first admin',
  access: 'public',
  needsUnlock: false,
  secrets: ['custodyPin', 'admin.passphrase', 'admin.tokenPin'],
  input: z
    .object({
      consoleName: displayName,
      custodyTokenLabel: tokenLabel,
      custodyPin: pin,
      admin: z
        .object({
          username,
          displayName,
          passphrase,
          tokenLabel,
          tokenPin: pin,
        })
        .strict(),
    })
    .strict(),
  output: z.object({
    consoleId: z.string(),
    identityFingerprint: z.string(),
    identityPublicKeyPem: z.string(),
    adminOperatorId: z.string(),
  }),
});

export const consoleUnlock = defineCommand({
  name: 'console.unlock',
  summary: 'Log in to the custody token, unwrap the database key and open the database',
  access: 'public',
  needsUnlock: false,
  secrets: ['pin'],
  input: z.object({ pin }).strict(),
  output: z.object({ consoleId: z.string(), identityFingerprint: z.string() }),
});

export const consoleLock = defineCommand({
  name: 'console.lock',
  summary: 'Close the database, end every session and zero the key material in memory',
  access: 'public',
  needsUnlock: false,
  input: z.object({}).strict(),
  output: z.object({ locked: z.literal(true) }),
});
