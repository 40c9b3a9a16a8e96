import { z } from 'zod';
import { defineCommand } from './define';
import { isoTimestamp, passphrase, pin, role, username } from '../schemas';

export const operatorView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(role),
  senior: z.boolean(),
});

export const sessionLogin = defineCommand({
  name: 'session.login',
  summary: 'Sign in: passphrase, then a challenge signed by the operator’s own token',
  access: 'public',
  secrets: ['passphrase', 'tokenPin'],
  input: z.object({ username, passphrase: z.string().min(1).max(256), tokenPin: pin }).strict(),
  output: z.object({
    /** Opaque handle; it authorises nothing by itself outside the host that issued it. */
    sessionHandle: z.string(),
    operator: operatorView,
    expiresAt: isoTimestamp,
  }),
});

export const sessionLogout = defineCommand({
  name: 'session.logout',
  summary: 'End the current operator session',
  access: 'session',
  input: z.object({}).strict(),
  output: z.object({ loggedOut: z.literal(true) }),
});

export const sessionWhoami = defineCommand({
  name: 'session.whoami',
  summary: 'The operator behind the current session',
  access: 'session',
  input: z.object({}).strict(),
  output: z.object({ operator: operatorView, expiresAt: isoTimestamp }),
});

export const sessionChangePassphrase = defineCommand({
  name: 'session.changePassphrase',
  summary: 'Change one’s own passphrase',
  access: 'session',
  secrets: ['current', 'next'],
  input: z.object({ current: z.string().min(1).max(256), next: passphrase }).strict(),
  output: z.object({ changed: z.literal(true) }),
});
