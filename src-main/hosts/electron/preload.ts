/**
 * The sandboxed preload: exposes exactly one function, `window.api.invoke(command, input)`, over
 * one IPC channel. No Node, no ipcRenderer, no events reach the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL } from '../../../src-shared/api';

contextBridge.exposeInMainWorld('api', {
  invoke: (command: unknown, input: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CHANNEL, command, input),
});
