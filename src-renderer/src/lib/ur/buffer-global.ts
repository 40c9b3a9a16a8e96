/**
 * @ngraveio/bc-ur (BC-UR fountain codes, what air-gapped wallets use) expects Node's global
 * `Buffer`. The browser has none, so the `buffer` package's implementation is installed as that
 * global before the decoder is loaded. Nothing else in the renderer uses it.
 */
// `buffer/` (with the slash) names the npm package, not Node's built-in module: this is the
// browser implementation, and the layer rules (no Node built-ins here) stay as they are.
import { Buffer as BufferImplementation } from 'buffer/';

const scope = globalThis as { Buffer?: unknown };
scope.Buffer ??= BufferImplementation;
