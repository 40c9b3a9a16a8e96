import type { Bus } from '../bus/bus';
import type { Clock } from '../platform/clock';
import type { ConsoleService } from '../services/console.service';
import { iterateAudit, listAudit } from '../db/audit.repository';
import { verifyChain } from '../services/audit-chain';

export function registerAuditHandlers(bus: Bus, console: ConsoleService, clock: Clock): void {
  bus.register('audit.list', (input) => {
    const { limit, ...filter } = input;
    return listAudit(console.requireDb(), filter, limit);
  });

  bus.register('audit.verify', () => ({ ...verifyChain(iterateAudit(console.requireDb())), verifiedAt: clock.now().toISOString() }));
}
