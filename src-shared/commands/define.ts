import type { z } from 'zod';
import type { Role } from '../roles';

/**
 * Who may run a command:
 * - `public`: no operator session (console status, unlock, login, lock);
 * - `session`: any signed-in operator;
 * - a list of roles: a signed-in operator holding at least one of them.
 */
export type Access = 'public' | 'session' | { readonly roles: readonly Role[] };

export interface CommandSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly summary: string;
  readonly input: I;
  readonly output: O;
  readonly access: Access;
  /** Whether the console must be unlocked (database open) to run it. */
  readonly needsUnlock: boolean;
  /**
   * Dotted paths of input fields that hold secrets (PINs, passphrases). They are replaced before
   * the input digest is computed for the audit trail: a hash of a short PIN would give it away.
   */
  readonly secrets: readonly string[];
  /**
   * Read-only liveness commands that front ends poll (console status, ping) are audited only when
   * refused; auditing every poll would bury the trail in noise. Everything else is always audited.
   */
  readonly quiet: boolean;
  /**
   * Confidential compliance commands (sar.*, tipping-off rules): the audit trail records them under
   * the fixed name `compliance.sealed` (CONFIDENTIAL_AUDIT_NAME), so operators outside the SAR roles
   * learn that a confidential compliance action happened, not which one. The command's own records
   * (SAR history) say what was done.
   */
  readonly confidential: boolean;
}

/** The command name the audit trail records for every confidential command, run or refused. */
export const CONFIDENTIAL_AUDIT_NAME = 'compliance.sealed';

export function defineCommand<I extends z.ZodType, O extends z.ZodType>(
  spec: Omit<CommandSpec<I, O>, 'secrets' | 'needsUnlock' | 'quiet' | 'confidential'> & { secrets?: readonly string[]; needsUnlock?: boolean; quiet?: boolean; confidential?: boolean },
): CommandSpec<I, O> {
  return { secrets: [], needsUnlock: true, quiet: false, confidential: false, ...spec };
}
