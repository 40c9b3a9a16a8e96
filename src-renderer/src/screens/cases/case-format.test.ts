import { describe, expect, it } from 'vitest';
import { caseStatusOf, closeBlocker, deadlineText, nextStatus, reportFieldsOf, reportFieldsUpdate, sarPermissions } from './case-format';

const me = { id: 'op_aaaaaaaaaaaaaaaa', username: 'anil.analyst' };
const other = 'op_bbbbbbbbbbbbbbbb';

describe('case workflow', () => {
  it('moves one step at a time and never past decision by transition', () => {
    expect(nextStatus('open')).toBe('investigating');
    expect(nextStatus('investigating')).toBe('escalated');
    expect(nextStatus('escalated')).toBe('decision');
    expect(nextStatus('decision')).toBeNull();
    expect(nextStatus('closed')).toBeNull();
    expect(caseStatusOf('escalated')).toBe('escalated');
    expect(caseStatusOf('archived')).toBeUndefined();
  });

  it('reads the filing deadline', () => {
    expect(deadlineText(12)).toEqual({ text: '12 days left', overdue: false, soon: false });
    expect(deadlineText(1)).toEqual({ text: '1 day left', overdue: false, soon: true });
    expect(deadlineText(0)).toEqual({ text: 'due today', overdue: false, soon: true });
    expect(deadlineText(-1)).toEqual({ text: 'overdue by 1 day', overdue: true, soon: false });
    expect(deadlineText(-4).text).toBe('overdue by 4 days');
    expect(deadlineText(null).text).toBe('no SAR due');
  });

  it('explains why the decider cannot close (four eyes) and that a SAR decision waits for the filing', () => {
    expect(closeBlocker({ status: 'investigating', decision: null, decidedBy: null }, me, null)).toMatch(/after its decision/);
    expect(closeBlocker({ status: 'decision', decision: 'no_sar', decidedBy: me.id }, me, null)).toMatch(/four eyes/);
    expect(closeBlocker({ status: 'decision', decision: 'no_sar', decidedBy: 'anil.analyst' }, me, null)).toMatch(/four eyes/);
    expect(closeBlocker({ status: 'decision', decision: 'sar', decidedBy: other }, me, 'approved')).toMatch(/once the SAR is filed/);
    expect(closeBlocker({ status: 'decision', decision: 'sar', decidedBy: other }, me, 'filed')).toBeUndefined();
    expect(closeBlocker({ status: 'decision', decision: 'no_sar', decidedBy: other }, me, null)).toBeUndefined();
    expect(closeBlocker({ status: 'closed', decision: 'no_sar', decidedBy: other }, me, null)).toBe('The case is closed.');
  });
});

describe('SAR panel permissions', () => {
  const sar = (state: 'draft' | 'approved' | 'filed', draftedBy = other, updatedBy = other, problems: unknown[] = []) => ({ state, draftedBy, updatedBy, problems });

  it('lets any SAR role draft, unless the decision was no SAR', () => {
    expect(sarPermissions(null, me, false, null).canDraft).toBe(true);
    expect(sarPermissions(null, me, false, 'no_sar').canDraft).toBe(false);
  });

  it('offers approval only to an officer who neither drafted nor last edited a complete draft', () => {
    expect(sarPermissions(sar('draft'), me, false, 'sar').canApprove).toBe(false);
    expect(sarPermissions(sar('draft'), me, false, 'sar').approveHint).toMatch(/compliance officer/);
    expect(sarPermissions(sar('draft', me.id), me, true, 'sar').canApprove).toBe(false);
    expect(sarPermissions(sar('draft', me.id), me, true, 'sar').approveHint).toMatch(/another compliance officer/);
    expect(sarPermissions(sar('draft', other, 'anil.analyst'), me, true, 'sar').canApprove).toBe(false);
    expect(sarPermissions(sar('draft', other, other, [{ path: 'x' }]), me, true, 'sar').canApprove).toBe(false);
    expect(sarPermissions(sar('draft', other, other, [{ path: 'x' }]), me, true, 'sar').approveHint).toMatch(/Complete/);
    expect(sarPermissions(sar('draft'), me, true, 'sar')).toMatchObject({ canApprove: true, approveHint: undefined, canExport: false, canFile: false });
  });

  it('exports once approved and files only as an officer', () => {
    expect(sarPermissions(sar('approved'), me, false, 'sar')).toMatchObject({ canExport: true, canFile: false, canEdit: true });
    expect(sarPermissions(sar('approved'), me, true, 'sar').canFile).toBe(true);
    expect(sarPermissions(sar('filed'), me, true, 'sar')).toMatchObject({ canExport: true, canFile: false, canEdit: false });
  });

  it('offers a new approval, not filing, when the signature of an approved report no longer holds', () => {
    const broken = { ...sar('approved'), approvalProblem: 'the approval signature does not verify' };
    expect(sarPermissions(broken, me, true, 'sar')).toMatchObject({ canApprove: true, canFile: false, canExport: true });
    expect(sarPermissions(broken, me, false, 'sar')).toMatchObject({ canApprove: false, approveHint: 'A compliance officer (MLRO) approves a SAR.' });
    expect(sarPermissions({ ...sar('approved'), approvalProblem: null }, me, true, 'sar')).toMatchObject({ canApprove: false, canFile: true });
  });
});

describe('SAR report fields editor', () => {
  it('shows the editable fields, missing ones as null, and sends back only what is set', () => {
    const text = reportFieldsOf({ subjects: [{ customerId: 'C-1' }], indicators: ['IUVC6'], narrative: 'kept apart' });
    expect(JSON.parse(text)).toEqual({ subjects: [{ customerId: 'C-1' }], reportingEntity: null, indicators: ['IUVC6'], actionTaken: null });
    expect(reportFieldsUpdate(text)).toEqual({ ok: true, value: { subjects: [{ customerId: 'C-1' }], indicators: ['IUVC6'] } });
  });

  it('names what is wrong instead of sending it', () => {
    expect(reportFieldsUpdate('{').ok).toBe(false);
    expect(reportFieldsUpdate('[]')).toEqual({ ok: false, message: 'Report fields must be a JSON object.' });
    const badIndicators = reportFieldsUpdate('{"indicators":[1]}');
    expect(badIndicators.ok ? '' : badIndicators.message).toMatch(/indicators/);
    const narrative = reportFieldsUpdate('{"narrative":"x"}');
    expect(narrative.ok ? '' : narrative.message).toMatch(/Unknown report field: narrative/);
  });
});
