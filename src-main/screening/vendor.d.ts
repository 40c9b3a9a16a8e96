/*
 * Types for the untyped libraries the screening module uses (one declaration each, only what we
 * call). talisman's modules are CommonJS with `module.exports = fn`, so the default import is the
 * function itself under Node, tsx, vitest and the electron-vite bundle alike.
 */
declare module 'talisman/phonetics/double-metaphone.js' {
  /** Lawrence Philips' Double Metaphone: [primary, alternate] codes, each at most 4 letters. */
  export default function doubleMetaphone(word: string): [string, string];
}

declare module 'talisman/metrics/jaro-winkler.js' {
  /** Jaro-Winkler similarity in 0..1 (prefix scale 0.1, boost threshold 0.7). */
  export default function jaroWinkler(a: string, b: string): number;
}

declare module 'seek-bzip' {
  /**
   * seek-bzip's decoder object. Only the members the block-by-block reader in bzip2.adapter.ts
   * drives are declared; they are the ones the library's own `Bunzip.decode` loop uses.
   */
  interface SeekBzipInput {
    readByte(): number;
    read(buffer: Uint8Array, offset: number, length: number): number;
  }
  interface SeekBzipOutput {
    writeByte(byte: number): void;
  }
  class Bunzip {
    constructor(input: SeekBzipInput, output: SeekBzipOutput);
    streamCRC: number;
    reader: { read(bits: number): number };
    _init_block(): boolean;
    _read_bunzip(): number;
    _start_bunzip(input: SeekBzipInput, output: SeekBzipOutput): void;
  }
  export default Bunzip;
}
