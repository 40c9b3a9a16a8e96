import { describe, expect, it } from 'vitest';
import { assignable, operatorName, type DirectoryEntry } from './operator-directory';

const entry = (id: string, username: string, displayName: string, roles: DirectoryEntry['roles'], status: DirectoryEntry['status'] = 'active'): [string, DirectoryEntry] => [id, { id, username, displayName, roles, status }];
const directory = new Map([
  entry('op_1', 'maria.mlro', 'Maria Moreno', ['compliance_officer']),
  entry('op_2', 'anil.analyst', 'Anil Analyst', ['compliance_analyst']),
  entry('op_3', 'carla.custody', 'Carla Custody', ['custody_officer']),
  entry('op_4', 'old.analyst', 'Old Analyst', ['compliance_analyst'], 'disabled'),
]);

describe('operator directory', () => {
  it('names an operator by display name and username, and falls back to the id', () => {
    expect(operatorName(directory, 'op_1')).toBe('Maria Moreno (maria.mlro)');
    expect(operatorName(directory, 'op_9')).toBe('op_9');
    expect(operatorName(directory, null)).toBe('—');
  });

  it('offers only active compliance operators for assignment, by name', () => {
    expect(assignable(directory)).toEqual([
      { value: 'op_2', label: 'Anil Analyst (anil.analyst)' },
      { value: 'op_1', label: 'Maria Moreno (maria.mlro)' },
    ]);
  });
});
