/**
 * A demo step: one chunk of demo data, made through the command bus as the demo operators (never
 * by writing to the database), so demo data obeys the same validation, roles and audit as real
 * use. Later modules add their steps to DEMO_STEPS (demo-steps.ts).
 */
import type { CommandInput, CommandName, CommandOutput } from '../../src-shared/commands';
import type { DemoCredentials, DemoUsername } from './demo-credentials';

/** A bus call as one signed-in demo operator; throws DemoStepError when the bus refuses. */
export type DemoInvoke = <N extends CommandName>(command: N, input: CommandInput<N>) => Promise<CommandOutput<N>>;

export interface DemoContext {
  readonly credentials: DemoCredentials;
  /** The demo data directory (for files a step leaves beside the console: bundles, a node). */
  readonly dataDir: string;
  /** Calls as the demo administrator (signed in before the first step). */
  readonly admin: DemoInvoke;
  /** Calls as another demo operator, signed in through the bus with their own token (once, then reused). */
  as(username: DemoUsername): Promise<DemoInvoke>;
  /** A line of progress for whoever is watching (stderr in the CLI). */
  progress(line: string): void;
  /**
   * The demo console's clock: it starts DEMO_HISTORY_DAYS before the real now, so demo data has a
   * history (balances as of past dates, statements over months). Moving it ends every demo
   * session; the next call signs the operator in again at the new time.
   */
  now(): Date;
  at(time: Date): void;
}

export interface DemoStep {
  /** Short name, shown in progress and in errors: `operators`, `ledger`, … */
  readonly name: string;
  run(ctx: DemoContext): Promise<void>;
  /**
   * Runs after every step's `run`, once the demo clock has reached the real present: what must be
   * current when the demo console is opened (market prices: a valuation takes prices at most an hour
   * old, and the console refuses a price dated ahead of its clock, so they cannot be set earlier).
   */
  atPresent?(ctx: DemoContext): Promise<void>;
}
