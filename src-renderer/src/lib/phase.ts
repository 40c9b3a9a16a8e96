/** Which screen the console shows, from what the core last said. */
import type { CommandOutput } from '../../../src-shared/commands';

export type ConsoleStatus = CommandOutput<'console.status'>;
export type OperatorView = CommandOutput<'session.login'>['operator'];

export type Phase = 'starting' | 'unreachable' | 'uninitialised' | 'locked' | 'signedOut' | 'signedIn';

export function phaseOf(status: ConsoleStatus | null, reachable: boolean, operator: OperatorView | null): Phase {
  if (!reachable) return 'unreachable';
  if (!status) return 'starting';
  if (!status.initialized) return 'uninitialised';
  if (status.locked) return 'locked';
  return operator ? 'signedIn' : 'signedOut';
}
