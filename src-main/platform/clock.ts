/** Time source, injected so that tests can move time (idle lock, expiry) without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for tests and deterministic demo data. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | string) {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
  /** Move to a given time; refuses to go backwards (ledger time never runs backwards either). */
  set(to: Date | string): void {
    const ms = new Date(to).getTime();
    if (ms < this.#ms) throw new Error(`ManualClock cannot go back from ${new Date(this.#ms).toISOString()} to ${new Date(ms).toISOString()}`);
    this.#ms = ms;
  }
}

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
