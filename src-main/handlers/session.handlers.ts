import { VaultlineError } from '../errors';
import type { Bus, HandlerContext } from '../bus/bus';
import type { ConsoleService } from '../services/console.service';
import { toSessionOperator, type OperatorService } from '../services/operators.service';
import type { SessionService } from '../services/sessions.service';

/** The operator behind a command whose access requires a session (the bus guarantees one). */
export function actor(ctx: HandlerContext): NonNullable<HandlerContext['operator']> {
  if (!ctx.operator || !ctx.session) throw new VaultlineError('UNAUTHENTICATED', 'Sign in first: there is no operator session.');
  return ctx.operator;
}

export function registerSessionHandlers(bus: Bus, console: ConsoleService, operators: OperatorService, sessions: SessionService): void {
  bus.register('session.login', async (input, ctx) => {
    const db = console.requireDb();
    const row = await operators.authenticate(
      db,
      input,
      (write) => ctx.onFailure(write),
      (operator) => ctx.attribute(operator),
    );
    operators.recordLogin(db, row.id);
    const session = sessions.create(row.id);
    return { sessionHandle: session.handle, operator: toSessionOperator(row), expiresAt: session.expiresAt.toISOString() };
  });

  bus.register('session.logout', (_input, ctx) => {
    actor(ctx);
    sessions.end(ctx.session!.handle);
    return { loggedOut: true as const };
  });

  bus.register('session.whoami', (_input, ctx) => ({ operator: actor(ctx), expiresAt: ctx.session!.expiresAt.toISOString() }));

  bus.register('session.changePassphrase', async (input, ctx) => {
    await operators.changeOwnPassphrase(console.requireDb(), actor(ctx).id, input.current, input.next);
    return { changed: true as const };
  });
}
