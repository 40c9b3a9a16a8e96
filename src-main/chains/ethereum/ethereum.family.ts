/** The Ethereum family: EIP-1559 transfers of ETH and ERC-20 tokens on mainnet, Sepolia, Holesky. */
import type { ChainFamily } from '../chain.family';
import { ethereumAddressFromPublicKey, validateEthereumAddress } from './address';
import { ETHEREUM_CHAIN_NAMES, assertEthereumChain, ethereumChain, type EthereumChain } from './chain';
import { buildEthereumTx, type BuildEthereumTxRequest, type BuiltEthereumTx } from './tx.builder';
import { checkEthereumTx, type CheckedEthereumTx, type EthereumTxExpectation } from './tx.check';
import { signEthereumTx, type SignedEthereumTransaction } from './tx.signer';

export type EthereumFamily = ChainFamily<EthereumChain, BuildEthereumTxRequest, BuiltEthereumTx, EthereumTxExpectation, CheckedEthereumTx, SignedEthereumTransaction>;

const deriveAddress: EthereumFamily['deriveAddress'] = (chain, publicKey33) => {
  assertEthereumChain(chain);
  return ethereumAddressFromPublicKey(publicKey33).text;
};

const validateAddress: EthereumFamily['validateAddress'] = (chain, address) => {
  // EIP-55 addresses are the same on every chain; the chain is checked, not used.
  assertEthereumChain(chain);
  const r = validateEthereumAddress(address);
  return r.ok ? { ok: true, address: r.address.text } : r;
};

export const ethereumFamily: EthereumFamily = Object.freeze({
  id: 'ethereum',
  networkNames: ETHEREUM_CHAIN_NAMES,
  network: ethereumChain,
  deriveAddress,
  validateAddress,
  deriveAddressOn: (networkName, publicKey33) => deriveAddress(ethereumChain(networkName), publicKey33),
  validateAddressOn: (networkName, address) => validateAddress(ethereumChain(networkName), address),
  buildWithdrawal: buildEthereumTx,
  checkWithdrawal: checkEthereumTx,
  sign: signEthereumTx,
} satisfies EthereumFamily);
