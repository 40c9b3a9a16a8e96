/**
 * Which chain a listed address lives on, and the form it is compared in.
 *
 * - EVM (`ethereum`): any `0x` + 40 hex address, whatever asset OFAC filed it under (ETH, ETC, ARB,
 *   BSC, USDT, USDC): the same key controls it on every EVM chain. Compared without case: EIP-55
 *   mixed case is a checksum, not part of the address.
 * - bech32/bech32m (`bc1…`, `tb1…`, `ltc1…`, `bnb1…`): one case by definition (BIP173), compared in
 *   lower case. Bitcoin Cash CashAddr likewise (and without its `bitcoincash:` prefix).
 * - base58 (legacy Bitcoin, Litecoin, Tron, Solana, Monero…): case is part of the address; exact.
 *
 * Chain ids: 'bitcoin' and 'ethereum' as in src-main/chains; the list's own asset code (LTC, TRX,
 * SOL, XMR…) for chains Vaultline has no family for. Tron addresses filed under USDT/USDC are TRX.
 */

const EVM = /^0x[0-9a-fA-F]{40}$/;
/** Assets OFAC lists only with EVM addresses. */
const EVM_ASSETS = new Set(['ETH', 'ETC', 'ARB', 'BSC']);
/** Human-readable parts of the bech32 addresses on the lists (the prefix is enough to fold case). */
const BECH32_PREFIX = /^(?:bc|tb|bcrt|ltc|tltc|bnb|tbnb)1/i;
const CASHADDR = /^(?:bitcoincash:)?[qp][02-9ac-hj-np-z]{41}$/i;
const TRON = /^T[1-9A-HJ-NP-Za-km-z]{33}$/;
const PLAIN = /^[A-Za-z0-9]{20,120}$/;

/** The chain of an address as a list files it under an asset code (XBT, ETH, USDT…). */
export function chainOfListedAddress(asset: string, address: string): string {
  const a = address.trim();
  // An address spelt 0x… is EVM (and is refused by addressProblem if it is not 40 hex digits).
  if (EVM.test(a) || /^0x/i.test(a) || EVM_ASSETS.has(asset)) return 'ethereum';
  if (asset === 'XBT' || asset === 'BTC') return 'bitcoin';
  if ((asset === 'USDT' || asset === 'USDC') && TRON.test(a)) return 'TRX';
  return asset;
}

/** The form an address is compared in on its chain (see the module comment). */
export function normaliseAddress(chain: string, address: string): string {
  const a = address.trim();
  if (chain === 'ethereum') return a.toLowerCase();
  // Mixed case is invalid bech32/CashAddr, but screening folds it anyway: a near-valid spelling of
  // a listed address should hit rather than slip through.
  if (BECH32_PREFIX.test(a)) return a.toLowerCase();
  if (chain === 'BCH' && CASHADDR.test(a)) return a.toLowerCase().replace(/^bitcoincash:/, '');
  return a;
}

/** Undefined when the address could be one on that chain, else why not (for an importer's refusal). */
export function addressProblem(chain: string, address: string): string | undefined {
  if (address !== address.trim() || address === '') return 'an address must not be empty or carry spaces';
  if (chain === 'ethereum') return EVM.test(address) ? undefined : 'an EVM address is 0x followed by 40 hex digits';
  if (chain === 'BCH' && CASHADDR.test(address)) return undefined;
  return PLAIN.test(address) ? undefined : 'an address is 20 to 120 letters and digits';
}
