import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from '../../src-shared/canonical';
import { chainHash, chainText, GENESIS_HASH, verifyChain, type AuditFields } from './audit-chain';

function chain(n: number): (AuditFields & { hash: string })[] {
  const rows: (AuditFields & { hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields: AuditFields = { seq, at: `2026-01-01T00:00:0${seq % 10}.000Z`, operatorId: null, operatorUsername: null, command: `c${seq}`, inputDigest: 'd'.repeat(64), outcome: 'ok', errorCode: null, prevHash: prev };
    const row = { ...fields, hash: chainHash(fields) };
    rows.push(row);
    prev = row.hash;
  }
  return rows;
}

describe('audit chain', () => {
  it('accepts an intact chain and reports its head', () => {
    const rows = chain(5);
    expect(verifyChain(rows)).toEqual({ valid: true, entries: 5, headHash: rows[4]!.hash, firstBrokenSeq: null, problem: null });
    expect(verifyChain([])).toMatchObject({ valid: true, entries: 0, headHash: null });
  });

  it('points at an entry whose content changed', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, outcome: 'refused' };
    expect(verifyChain(rows)).toMatchObject({ valid: false, firstBrokenSeq: 3, entries: 2 });
  });

  it('points at a removed entry', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyChain(rows)).toMatchObject({ valid: false, firstBrokenSeq: 3 });
  });

  it('points at an entry rewritten with a fresh hash (its successor no longer links)', () => {
    const rows = chain(5);
    const forged = { ...rows[1]!, command: 'forged' };
    rows[1] = { ...forged, hash: chainHash(forged) };
    expect(verifyChain(rows)).toMatchObject({ valid: false, firstBrokenSeq: 3 });
  });
});

describe('chainText', () => {
  it('is exactly the RFC 8785 canonical JSON of the fields', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('\u2028', '"\\', '\u0000\u001f', 'é😀'));
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), text, text, fc.option(text), fc.option(text), fc.constantFrom('ok', 'refused', 'error'), fc.option(text), (seq, at, command, operatorId, operatorUsername, outcome, errorCode) => {
        const fields: AuditFields = { seq, at, operatorId, operatorUsername, command, inputDigest: 'd'.repeat(64), outcome: outcome, errorCode, prevHash: GENESIS_HASH };
        expect(chainText(fields)).toBe(canonicalJson({ ...fields }));
      }),
      { numRuns: 2000 },
    );
  });
});
