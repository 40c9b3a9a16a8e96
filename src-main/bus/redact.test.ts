import { describe, expect, it } from 'vitest';
import { inputDigest, redact, REDACTED } from './redact';

describe('redact', () => {
  it('replaces declared secret paths, nested ones included, without touching the original', () => {
    const input = { consoleName: 'x', custodyPin: '1234', admin: { username: 'ada', passphrase: 'long secret words' } };
    expect(redact(input, ['custodyPin', 'admin.passphrase'])).toEqual({ consoleName: 'x', custodyPin: REDACTED, admin: { username: 'ada', passphrase: REDACTED } });
    expect(input.custodyPin).toBe('1234');
  });

  it('replaces secret-looking names even where nobody declared them', () => {
    expect(redact({ nested: [{ tokenPin: '9999', note: 'ok' }], password: 'p', seedHex: 'aa' }, [])).toEqual({
      nested: [{ tokenPin: REDACTED, note: 'ok' }],
      password: REDACTED,
      seedHex: REDACTED,
    });
  });
});

describe('inputDigest', () => {
  it('does not depend on the secret, so the trail cannot be used to guess a PIN', () => {
    expect(inputDigest({ pin: '1234' }, ['pin'])).toBe(inputDigest({ pin: '9876' }, ['pin']));
  });

  it('depends on everything else, whatever the key order', () => {
    expect(inputDigest({ a: 1, b: 2 }, [])).toBe(inputDigest({ b: 2, a: 1 }, []));
    expect(inputDigest({ a: 1, b: 2 }, [])).not.toBe(inputDigest({ a: 1, b: 3 }, []));
    expect(inputDigest(undefined, [])).toMatch(/^[0-9a-f]{64}$/);
  });
});
