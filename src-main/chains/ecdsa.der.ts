/**
 * Strict DER for Bitcoin ECDSA signatures (BIP66). Since BIP66 a signature in a script must be
 *
 *   0x30 [total-length] 0x02 [R-length] [R] 0x02 [S-length] [S] [sighash]
 *
 * with R and S minimal big-endian two's-complement integers: no leading zero byte unless the next
 * byte has its high bit set (which would otherwise make the integer negative).
 */
import { bigIntToBytes, concatBytes } from './bytes';
import { parseRawSignature } from './ecdsa.signature';

/** BIP66 minimal positive integer encoding of a scalar in [1, n − 1]. */
function derInteger(value: bigint): Uint8Array {
  let bytes = bigIntToBytes(value, 32);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  // "Negative numbers are not allowed": a set high bit needs a 0x00 in front.
  if ((bytes[0] ?? 0) & 0x80) bytes = concatBytes(new Uint8Array([0]), bytes);
  return concatBytes(new Uint8Array([0x02, bytes.length]), bytes);
}

/** DER-encode a 64-byte r‖s (no sighash byte). The result passes `isStrictDerSignature`. */
export function encodeDerSignature(sig64: Uint8Array): Uint8Array {
  const { r, s } = parseRawSignature(sig64);
  const body = concatBytes(derInteger(r), derInteger(s));
  return concatBytes(new Uint8Array([0x30, body.length]), body);
}

/**
 * BIP66 `IsValidSignatureEncoding`, transcribed rule by rule. `sig` includes the trailing sighash
 * byte, as it appears in a witness or scriptSig.
 */
export function isStrictDerSignature(sig: Uint8Array): boolean {
  // Minimum and maximum size constraints.
  if (sig.length < 9 || sig.length > 73) return false;
  // A signature is of type 0x30 (compound).
  if (sig[0] !== 0x30) return false;
  // Make sure the length covers the entire signature.
  if (sig[1] !== sig.length - 3) return false;
  // Extract the length of the R element.
  const lenR = sig[3] ?? 0;
  // Make sure the length of the S element is still inside the signature.
  if (5 + lenR >= sig.length) return false;
  // Extract the length of the S element.
  const lenS = sig[5 + lenR] ?? 0;
  // Verify that the length of the signature matches the sum of the length of the elements.
  if (lenR + lenS + 7 !== sig.length) return false;
  // Check whether the R element is an integer.
  if (sig[2] !== 0x02) return false;
  // Zero-length integers are not allowed for R.
  if (lenR === 0) return false;
  // Negative numbers are not allowed for R.
  if ((sig[4] ?? 0) & 0x80) return false;
  // Null bytes at the start of R are not allowed, unless R would otherwise be interpreted as a negative number.
  if (lenR > 1 && sig[4] === 0x00 && !((sig[5] ?? 0) & 0x80)) return false;
  // Check whether the S element is an integer.
  if (sig[lenR + 4] !== 0x02) return false;
  // Zero-length integers are not allowed for S.
  if (lenS === 0) return false;
  // Negative numbers are not allowed for S.
  if ((sig[lenR + 6] ?? 0) & 0x80) return false;
  // Null bytes at the start of S are not allowed, unless S would otherwise be interpreted as a negative number.
  if (lenS > 1 && sig[lenR + 6] === 0x00 && !((sig[lenR + 7] ?? 0) & 0x80)) return false;
  return true;
}
