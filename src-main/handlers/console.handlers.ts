import type { Bus } from '../bus/bus';
import type { ConsoleService } from '../services/console.service';
import { certifiedView, type OperatorService } from '../services/operators.service';
import { issueCertificate } from '../custody/operator-certificate';
import { getMeta } from '../db/meta.repository';
import type { OperatorRow } from '../db/operators.repository';
import type { Clock } from '../platform/clock';

export function registerConsoleHandlers(bus: Bus, console: ConsoleService, operators: OperatorService, clock: Clock): void {
  bus.register('console.status', () => console.status());

  bus.register('console.init', async (input) => {
    const result = await console.init({
      consoleName: input.consoleName,
      custodyTokenLabel: input.custodyTokenLabel,
      custodyPin: input.custodyPin,
      enrollAdmin: async (db, sign) => {
        const certifier = (row: OperatorRow) => issueCertificate(getMeta(db, 'console_id') ?? '', certifiedView(row), clock.now().toISOString(), sign);
        const admin = await operators.create(db, { ...input.admin, roles: ['admin'], senior: false }, certifier);
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
