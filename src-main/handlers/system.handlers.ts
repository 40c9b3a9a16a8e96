import type { Bus } from '../bus/bus';

export function registerSystemHandlers(bus: Bus): void {
  bus.register('system.ping', (input) => ({ nonce: input.nonce }));
}
