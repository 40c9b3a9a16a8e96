import { z } from 'zod';
import { defineCommand } from './define';

/** A no-op through the whole bus; used to measure bus overhead and as a liveness check. */
export const systemPing = defineCommand({
  name: 'system.ping',
  quiet: true,
  summary: 'No-op: answers with what it was given',
  access: 'public',
  needsUnlock: false,
  input: z.object({ nonce: z.number().int().nonnegative() }).strict(),
  output: z.object({ nonce: z.number().int().nonnegative() }),
});
