import type { CommandInput, CommandName, CommandOutput } from './commands';
import type { Result } from './errors';

/**
 * The only surface a front end has: `invoke(command, input)` answered with a result envelope.
 * Exposed as `window.api` by the Electron preload and by the browser host.
 */
export interface VaultlineApi {
  invoke<N extends CommandName>(command: N, input: CommandInput<N>): Promise<Result<CommandOutput<N>>>;
}

/** The single IPC channel name used by the Electron host. */
export const IPC_CHANNEL = 'vaultline:invoke';
