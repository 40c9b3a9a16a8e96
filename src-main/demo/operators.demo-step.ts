import type { DemoStep } from './demo-step';

/** Every demo operator after the administrator (whom the key ceremony enrolled), enrolled by the administrator. */
export const operatorsDemoStep: DemoStep = {
  name: 'operators',
  async run(ctx) {
    for (const o of ctx.credentials.operators) {
      if (o.username === ctx.credentials.admin.username) continue;
      await ctx.admin('operators.create', {
        username: o.username,
        displayName: o.displayName,
        roles: [...o.roles],
        senior: o.senior,
        passphrase: o.passphrase,
        tokenLabel: o.tokenLabel,
        tokenPin: o.tokenPin,
      });
      ctx.progress(`  enrolled ${o.username} (${o.roles.join(', ')}${o.senior ? ', senior' : ''})`);
    }
  },
};
