import type { Bus } from '../bus/bus';
import type { ConsoleService } from '../services/console.service';
import type { OperatorService } from '../services/operators.service';

export function registerConsoleHandlers(bus: Bus, console: ConsoleService, operators: OperatorService): void {
  bus.register('console.status', () => console.status());

  bus.register('console.init', async (input) => {
    const result = await console.init({
      consoleName: input.consoleName,
      custodyTokenLabel: input.custodyTokenLabel,
      custodyPin: input.custodyPin,
      enrollAdmin: async (db) => {
        const admin = await operators.create(db, { ...input.admin, roles: ['admin'], senior: false });
        return admin.id;
      },
    });
    return result;
  });

  bus.register('console.unlock', (input) => console.unlock(input.pin));

  bus.register('console.lock', () => {
    console.lock('operator');
    return { locked: true as const };
  });
}
