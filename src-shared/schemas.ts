import { z } from 'zod';
import { ROLES } from './roles';

/** Building blocks shared by command schemas. Every message names what was expected. */

export const username = z
  .string()
  .regex(/^[a-z][a-z0-9._-]{2,31}$/, 'must be 3–32 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter');

export const displayName = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');

/** Operator passphrases: long enough to resist guessing even before argon2id slows it down. */
export const passphrase = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(256, 'must be at most 256 characters');

/** PKCS#11 user PIN. Tokens set their own limits; these bounds only reject nonsense. */
export const pin = z
  .string()
  .min(4, 'must be at least 4 characters')
  .max(64, 'must be at most 64 characters')
  .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII');

/** PKCS#11 token labels are at most 32 bytes, blank-padded (PKCS#11 v2.40 §3.2, CK_TOKEN_INFO). */
export const tokenLabel = z
  .string()
  .min(1, 'must not be empty')
  .max(32, 'must be at most 32 characters')
  .regex(/^[\x21-\x7e][\x20-\x7e]*$/, 'must be printable ASCII and not start with a space');

export const role = z.enum(ROLES);

export const isoTimestamp = z.iso.datetime({ offset: false, precision: 3 });

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters');

export const operatorId = z.string().regex(/^op_[0-9a-z]{16,32}$/, 'must be an operator id (op_…)');
