/**
 * Long work (evidence exports, later imports and backtests) runs as a job beside the bus, so the
 * bus stays free and a front end can poll progress. Jobs live in memory; their results and
 * failures are also in the audit trail through the commands that start them.
 */
import { randomBytes } from 'node:crypto';
import { VaultlineError, toWireError } from '../errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { WireError } from '../../src-shared/errors';

export interface JobView {
  readonly id: string;
  readonly kind: string;
  readonly ownerId: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly done: number;
  readonly total: number;
  readonly step: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly result: Record<string, unknown> | null;
  readonly error: WireError | null;
}

export interface JobProgress {
  report(done: number, total: number, step: string): void;
}

export class JobService {
  readonly #jobs = new Map<string, JobView>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(kind: string, ownerId: string, work: (progress: JobProgress) => Promise<Record<string, unknown>>): JobView {
    const id = `job_${randomBytes(8).toString('hex')}`;
    const initial: JobView = { id, kind, ownerId, state: 'running', done: 0, total: 0, step: 'starting', startedAt: this.clock.now().toISOString(), finishedAt: null, result: null, error: null };
    this.#jobs.set(id, initial);
    const update = (changes: Partial<JobView>): void => {
      const current = this.#jobs.get(id);
      if (current) this.#jobs.set(id, { ...current, ...changes });
    };
    const progress: JobProgress = { report: (done, total, step) => update({ done, total, step }) };
    // Start on the next turn: the command that started the job commits first.
    setImmediate(() => {
      work(progress).then(
        (result) => update({ state: 'done', result, step: 'done', finishedAt: this.clock.now().toISOString() }),
        (error: unknown) => {
          if (!(error instanceof VaultlineError) || error.code === 'INTERNAL') this.logger.error(`job ${kind} failed`, error);
          update({ state: 'failed', error: toWireError(error), step: 'failed', finishedAt: this.clock.now().toISOString() });
        },
      );
    });
    return initial;
  }

  get(id: string, ownerId: string): JobView {
    const job = this.#jobs.get(id);
    if (!job || job.ownerId !== ownerId) throw new VaultlineError('NOT_FOUND', `No job ${id} of yours.`);
    return job;
  }

  /** Wait for a job to finish (the CLI does; front ends poll). */
  async wait(id: string, ownerId: string, onProgress?: (job: JobView) => void): Promise<JobView> {
    for (;;) {
      const job = this.get(id, ownerId);
      onProgress?.(job);
      if (job.state !== 'running') return job;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
