/**
 * Operators by id, for names and assignment pickers (operators.directory: any signed-in operator,
 * nothing secret). Compliance roles cannot list operators, so without it they would see `op_…` ids.
 */
import { useEffect, useState } from 'react';
import { invoke, type CommandOutput } from '../../api';
import { canSeeSars } from '../../../../src-shared/roles';

export type DirectoryEntry = CommandOutput<'operators.directory'>['operators'][number];
export type Directory = ReadonlyMap<string, DirectoryEntry>;

/** "Maria Moreno (maria.mlro)", or the id itself when the directory does not know it (yet). */
export function operatorName(directory: Directory, id: string | null | undefined): string {
  if (!id) return '—';
  const o = directory.get(id);
  return o ? `${o.displayName} (${o.username})` : id;
}

/** Who a case or alert may go to: active operators with a compliance role, by display name. */
export function assignable(directory: Directory): { readonly value: string; readonly label: string }[] {
  return [...directory.values()]
    .filter((o) => o.status === 'active' && canSeeSars(o.roles))
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .map((o) => ({ value: o.id, label: `${o.displayName} (${o.username})` }));
}

/** The directory, read once when a screen opens (an empty map until it arrives or if it fails: ids show instead). */
export function useOperatorDirectory(): Directory {
  const [directory, setDirectory] = useState<Directory>(new Map());
  useEffect(() => {
    let live = true;
    void invoke('operators.directory', {}).then((result) => {
      if (live && result.ok) setDirectory(new Map(result.value.operators.map((o) => [o.id, o])));
    });
    return () => {
      live = false;
    };
  }, []);
  return directory;
}
