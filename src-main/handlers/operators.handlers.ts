import type { Bus } from '../bus/bus';
import type { ConsoleService } from '../services/console.service';
import type { OperatorService } from '../services/operators.service';
import type { SessionService } from '../services/sessions.service';
import { actor } from './session.handlers';

export function registerOperatorHandlers(bus: Bus, console: ConsoleService, operators: OperatorService, sessions: SessionService): void {
  bus.register('operators.list', () => ({ operators: operators.list(console.requireDb()) }));
  bus.register('operators.directory', () => ({
    operators: operators.list(console.requireDb()).map((o) => ({ id: o.id, username: o.username, displayName: o.displayName, roles: o.roles, status: o.status })),
  }));

  bus.register('operators.create', async (input) => ({ operator: await operators.create(console.requireDb(), input) }));

  bus.register('operators.update', (input, ctx) => {
    const operator = operators.update(console.requireDb(), actor(ctx).id, input);
    // A disabled operator's sessions end now, not at their next command.
    if (operator.status === 'disabled') sessions.endForOperator(operator.id);
    return { operator };
  });

  bus.register('operators.resetPassphrase', async (input) => {
    const operator = await operators.resetPassphrase(console.requireDb(), input.id, input.passphrase);
    sessions.endForOperator(operator.id);
    return { operator };
  });
}
