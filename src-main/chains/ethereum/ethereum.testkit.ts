/** Test-only fixtures for the Ethereum family. */
import { softwareSigner, type SoftwareSigner } from '../software.signer.testkit';
import type { NetworkKey } from '../signer';
import { ethereumAddressFromPublicKey } from './address';
import type { EthereumChain, EthereumChainName } from './chain';

export const RECIPIENT = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
export const ATTACKER = '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359';
/** Mainnet USDC's contract address, as an example token. */
export const TOKEN = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
export const OTHER_TOKEN = '0xdAC17F958D2ee523a2206206994597C13D831ec7';

export interface EthWallet<N extends EthereumChainName> {
  readonly signer: SoftwareSigner;
  readonly address: string;
  readonly keys: readonly NetworkKey<N>[];
}

export function ethWallet<N extends EthereumChainName>(chain: EthereumChain<N>, secret = 'e5'.repeat(32)): EthWallet<N> {
  const signer = softwareSigner(secret);
  return { signer, address: ethereumAddressFromPublicKey(signer.publicKey()).text, keys: [{ network: chain.name, signer }] };
}
