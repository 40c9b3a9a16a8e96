/**
 * Counts failed unlock attempts across restarts and spaces out further tries. The token enforces
 * its own PIN lockout as well (a real HSM counts retries itself); this keeps a console from being
 * a fast guessing oracle for tokens that do not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../platform/files';

const stateSchema = z.object({ failures: z.number().int().nonnegative(), lastFailureAt: z.string().nullable() });
type State = z.infer<typeof stateSchema>;

export const FREE_ATTEMPTS = 3;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60_000;

export class UnlockThrottle {
  constructor(private readonly path: string) {}

  private read(): State {
    if (!existsSync(this.path)) return { failures: 0, lastFailureAt: null };
    try {
      const parsed = stateSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      // A damaged counter file must not reset the count to zero: treat it as the free tries used.
      return parsed.success ? parsed.data : { failures: FREE_ATTEMPTS, lastFailureAt: new Date().toISOString() };
    } catch {
      return { failures: FREE_ATTEMPTS, lastFailureAt: new Date().toISOString() };
    }
  }

  failures(): number {
    return this.read().failures;
  }

  /** When the next attempt may be made, or undefined if it may be made now. */
  blockedUntil(now: Date): Date | undefined {
    const { failures, lastFailureAt } = this.read();
    if (failures < FREE_ATTEMPTS || lastFailureAt === null) return undefined;
    const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - FREE_ATTEMPTS));
    const until = new Date(new Date(lastFailureAt).getTime() + delay);
    return until > now ? until : undefined;
  }

  recordFailure(now: Date): void {
    const { failures } = this.read();
    writeFileAtomic(this.path, JSON.stringify({ failures: failures + 1, lastFailureAt: now.toISOString() }));
  }

  reset(): void {
    if (existsSync(this.path)) writeFileAtomic(this.path, JSON.stringify({ failures: 0, lastFailureAt: null }));
  }
}
