import type { VaultlineApi } from '../../src-shared/api';

declare global {
  interface Window {
    /**
     * The one bridge to the console core, installed by the host (Electron preload or the browser
     * host's init script). Absent when the page is opened any other way.
     */
    readonly api?: VaultlineApi;
  }
}

export {};
