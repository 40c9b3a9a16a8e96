/**
 * The evidence export in progress, so that leaving the Evidence screen and coming back shows its
 * progress again. Only the job's handle and where it writes: never record content, PINs or
 * passphrases. Tied to the operator who started it (jobs are answered only to their owner).
 */
import { create } from 'zustand';

export interface ActiveExport {
  readonly operatorId: string;
  readonly jobId: string;
  readonly packageId: string;
  readonly fileName: string;
  readonly directory: string;
  readonly scopeLabel: string;
}

interface ExportState {
  readonly active: ActiveExport | null;
  readonly begin: (active: ActiveExport) => void;
  readonly clear: () => void;
}

export const useExportStore = create<ExportState>()((set) => ({
  active: null,
  begin: (active) => set({ active }),
  clear: () => set({ active: null }),
}));
