import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { libraryListReader, libraryNameIndex } from './library.adapters';

const read = (format: Parameters<typeof libraryListReader>[0]['format'], text: string | Buffer, listId = 'test-list') =>
  libraryListReader({ listId, format, publishedAt: '2026-03-01T00:00:00.000Z', chunks: Readable.from([Buffer.from(text)]) });

describe('the screening library behind the KYC interfaces', () => {
  it('reads one address-list file of every asset, EVM addresses on ethereum whatever the asset', async () => {
    const r = await read('address-list-json', JSON.stringify({ XBT: ['12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h'], USDT: ['0x7F367cC41522cE07553e823bf3be79A889DEbe1B'], ETH: ['0x7f367cc41522ce07553e823bf3be79a889debe1b'] }));
    expect(r.entries.map((e) => [e.entryId, e.addresses.map((a) => a.asset).sort()]).sort()).toEqual([
      ['bitcoin:12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h', ['XBT']],
      ['ethereum:0x7f367cc41522ce07553e823bf3be79a889debe1b', ['ETH', 'USDT']],
    ]);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(read('address-list-json', '[1,2]')).rejects.toThrow(/must be an object of asset codes/);
  });

  it('says what is wrong and that nothing was imported, and refuses add.csv on its own', async () => {
    await expect(read('pep-csv', 'id,name\nP1,A\n')).rejects.toThrow(/pep-csv file is malformed: .*line 1.*Nothing was imported/);
    const pep = await read('pep-csv', 'id,name,aliases,birthDate,country,position\nP1,Henrike Vogt,,1971-02-03,DE,Member of the Bundestag\n', 'pep-de');
    expect(pep.entries[0]).toMatchObject({ entryId: 'P1', kind: 'individual', countries: ['DE'], programs: ['Member of the Bundestag'] });
    await expect(read('ofac-add-csv', 'x')).rejects.toThrow(/only completes sdn.csv/);
    await expect(read('pep-csv', '')).rejects.toThrow(/is empty/);
  });

  it('scores an update’s part with the whole version’s token weights', async () => {
    const { entries } = await read('pep-csv', 'id,name,aliases,birthDate,country,position\nP1,Maria Vogt,,,DE,MP\nP2,Maria Schmidt,,,DE,MP\nP3,Maria Keller,,,DE,MP\nP4,Henrike Vogt,,,DE,MP\n', 'pep-de');
    const whole = libraryNameIndex(entries);
    const part = libraryNameIndex(entries.slice(3), { weightsFrom: whole });
    const query = { name: 'Henrike Vogt', kind: 'individual' as const };
    const inWhole = whole.search(query, { limit: 5, threshold: 0.5 }).find((m) => m.entryId === 'P4')!;
    expect(part.search(query, { limit: 5, threshold: 0.5 })[0]).toMatchObject({ entryId: 'P4', score: inWhole.score });
  });
});
