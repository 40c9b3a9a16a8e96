import { describe, expect, it } from 'vitest';
import { fieldErrors, formMessage } from './errors';

describe('fieldErrors', () => {
  it('keys issues by path, first message wins, whole-input issues left out', () => {
    const errors = fieldErrors({
      code: 'VALIDATION',
      message: 'The input is not valid',
      issues: [
        { path: 'username', message: 'must be 3–32 characters' },
        { path: 'username', message: 'second' },
        { path: '', message: 'unrecognised key' },
        { path: 'admin.tokenPin', message: 'must be at least 4 characters' },
      ],
    });
    expect(errors).toEqual({ username: 'Must be 3–32 characters', 'admin.tokenPin': 'Must be at least 4 characters' });
  });

  it('is empty without an error or issues', () => {
    expect(fieldErrors(undefined)).toEqual({});
    expect(fieldErrors({ code: 'FORBIDDEN', message: 'no' })).toEqual({});
  });
});

describe('formMessage', () => {
  it('summarises a validation error whose issues all sit beside fields', () => {
    const error = { code: 'VALIDATION' as const, message: 'long text', issues: [{ path: 'pin', message: 'too short' }] };
    expect(formMessage(error, ['pin'])).toBe('Some fields need attention.');
    expect(formMessage(error, ['other'])).toBe('long text');
  });

  it('shows the safe message of any other error', () => {
    expect(formMessage({ code: 'PIN_INCORRECT', message: 'The custody token PIN is not correct (1 failed attempt).' }, ['pin'])).toBe(
      'The custody token PIN is not correct (1 failed attempt).',
    );
    expect(formMessage(undefined, [])).toBeUndefined();
  });
});
