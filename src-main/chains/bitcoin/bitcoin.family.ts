/** The Bitcoin family: P2WPKH wallets, PSBT withdrawals (BIP174), on mainnet, testnet, regtest. */
import type { ChainFamily } from '../chain.family';
import { p2wpkhAddress, validateBitcoinAddress } from './address';
import { BITCOIN_NETWORK_NAMES, bitcoinNetwork, type BitcoinNetwork } from './network';
import { buildPsbt, type BuildPsbtRequest, type BuiltPsbt } from './psbt.builder';
import { checkPsbt, type CheckedPsbt, type PsbtExpectation } from './psbt.check';
import { signPsbt, type SignedBitcoinTransaction } from './psbt.signer';

export type BitcoinFamily = ChainFamily<BitcoinNetwork, BuildPsbtRequest, BuiltPsbt & { readonly unsigned: Uint8Array }, PsbtExpectation, CheckedPsbt, SignedBitcoinTransaction>;

const validateAddress: BitcoinFamily['validateAddress'] = (network, address) => {
  const r = validateBitcoinAddress(network, address);
  return r.ok ? { ok: true, address: r.address.text } : r;
};

export const bitcoinFamily: BitcoinFamily = Object.freeze({
  id: 'bitcoin',
  networkNames: BITCOIN_NETWORK_NAMES,
  network: bitcoinNetwork,
  deriveAddress: (network, publicKey33) => p2wpkhAddress(network, publicKey33).text,
  validateAddress,
  deriveAddressOn: (networkName, publicKey33) => p2wpkhAddress(bitcoinNetwork(networkName), publicKey33).text,
  validateAddressOn: (networkName, address) => validateAddress(bitcoinNetwork(networkName), address),
  buildWithdrawal: (network, request) => {
    const built = buildPsbt(network, request);
    return { ...built, unsigned: built.psbt };
  },
  checkWithdrawal: checkPsbt,
  sign: signPsbt,
} satisfies BitcoinFamily);
