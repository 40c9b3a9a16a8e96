import { describe, expect, it } from 'vitest';
import { roleSetProblem } from './roles';

describe('roleSetProblem', () => {
  it('keeps administrators out of approval roles', () => {
    expect(roleSetProblem(['admin'])).toBeUndefined();
    expect(roleSetProblem(['admin', 'auditor'])).toBeUndefined();
    expect(roleSetProblem(['admin', 'custody_officer'])).toMatch(/admin cannot be combined/);
    expect(roleSetProblem(['compliance_officer', 'admin'])).toMatch(/admin cannot be combined/);
  });

  it('needs at least one role, each once', () => {
    expect(roleSetProblem([])).toMatch(/at least one/);
    expect(roleSetProblem(['auditor', 'auditor'])).toMatch(/repeat/);
    expect(roleSetProblem(['custody_officer', 'compliance_officer'])).toBeUndefined();
  });
});
