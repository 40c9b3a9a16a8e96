/**
 * The core, run in an Electron utilityProcess so that synchronous PKCS#11 calls and long imports
 * never block the window's main process. It speaks only the small protocol in ./protocol.
 */
import { createCore } from '../../core/core';
import { stderrLogger } from '../../platform/logger';
import type { CoreMessage, CoreRequest } from './protocol';

const dataIndex = process.argv.indexOf('--data');
const dataDir = dataIndex >= 0 ? process.argv[dataIndex + 1] : undefined;
const parentPort = process.parentPort;
if (!dataDir || !parentPort) {
  process.stderr.write('core-process: started without --data DIR or outside a utility process\n');
  process.exit(64);
}

const core = createCore({ dataDir, logger: stderrLogger() });
const post = (message: CoreMessage): void => parentPort.postMessage(message);

parentPort.on('message', (event: { data: CoreRequest }) => {
  const request = event.data;
  switch (request.type) {
    case 'invoke':
      void core.bus.invoke(request.command, request.input, request.caller).then((result) => post({ type: 'result', id: request.id, result }));
      break;
    case 'shutdown':
      void core.close().finally(() => {
        post({ type: 'closed' });
        process.exit(0);
      });
      break;
    default: {
      const unknown: never = request;
      process.stderr.write(`core-process: unknown request ${JSON.stringify(unknown)}\n`);
    }
  }
});
post({ type: 'ready' });
