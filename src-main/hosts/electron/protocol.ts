/** Messages between the Electron main process and the core's utility process. */
import type { CallerContext } from '../../bus/bus';
import type { Result } from '../../../src-shared/errors';

export interface InvokeRequest {
  readonly type: 'invoke';
  readonly id: number;
  readonly command: unknown;
  readonly input: unknown;
  readonly caller: CallerContext;
}

export interface ShutdownRequest {
  readonly type: 'shutdown';
}

export type CoreRequest = InvokeRequest | ShutdownRequest;

export type CoreMessage = { readonly type: 'result'; readonly id: number; readonly result: Result<unknown> } | { readonly type: 'ready' } | { readonly type: 'closed' };
