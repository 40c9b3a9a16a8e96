/** Peak memory of a phase, sampled as it runs (timers do not fire inside synchronous loops). */
export class PeakMemory {
  #base: number;
  #peak: number;
  constructor() {
    this.#base = process.memoryUsage().rss;
    this.#peak = this.#base;
  }
  sample(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.#peak) this.#peak = rss;
  }
  /** Peak RSS above where the phase started, in MiB. */
  get growthMiB(): number {
    this.sample();
    return (this.#peak - this.#base) / 1024 / 1024;
  }
  get peakMiB(): number {
    this.sample();
    return this.#peak / 1024 / 1024;
  }
}
