import { useEffect, useState } from 'react';
import { invoke, type CommandOutput, type WireError } from '../../api';

export type JobView = CommandOutput<'jobs.get'>['job'];

const POLL_MS = 300;

/**
 * Poll jobs.get until the job is done or failed (the core runs it beside the bus, so the window
 * never waits on it). Stops when the component goes away or the id changes.
 */
export function useJobProgress(jobId: string | null): { readonly job: JobView | undefined; readonly error: WireError | undefined } {
  const [job, setJob] = useState<JobView | undefined>();
  const [error, setError] = useState<WireError | undefined>();

  useEffect(() => {
    setJob(undefined);
    setError(undefined);
    if (!jobId) return;
    let live = true;
    let timer: number | undefined;
    const poll = async (): Promise<void> => {
      const result = await invoke('jobs.get', { id: jobId });
      if (!live) return;
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setJob(result.value.job);
      if (result.value.job.state === 'running') timer = window.setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [jobId]);

  return { job, error };
}

/** The package's path from a finished export job's result (a loose record on the wire). */
export function writtenPath(job: JobView | undefined): string | undefined {
  const path = job?.state === 'done' ? job.result?.path : undefined;
  return typeof path === 'string' ? path : undefined;
}

export function resultCount(job: JobView | undefined, key: 'records' | 'auditEntries'): number | undefined {
  const value = job?.result?.[key];
  return typeof value === 'number' ? value : undefined;
}
