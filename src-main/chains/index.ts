/**
 * The chain families' public surface: what the signing module, wallets and the withdrawal
 * workflow import. Pure logic only; signers are injected (`RawSecp256k1Signer`).
 */
export type { RawSecp256k1Signer, NetworkKey, CheckedSignature } from './signer';
export { signDigestChecked, signerPublicKey } from './signer';
export { normalizeLowS, isLowS, parseRawSignature, SECP256K1_N, SECP256K1_HALF_N } from './ecdsa.signature';
export { encodeDerSignature, isStrictDerSignature } from './ecdsa.der';
export { recoveryIdByTrial, type RecoveryId } from './ecdsa.recovery';
export type { Refusal, CheckResult } from './chain.errors';
export { refusedError } from './chain.errors';
export type { ChainId, ChainFamily, AddressCheck, BuiltWithdrawal, SignedWithdrawal } from './chain.family';
export { families, family, deriveAddress, validateAddress, CHAIN_IDS, type Families } from './families';

export { BITCOIN_NETWORKS, BITCOIN_MAINNET, BITCOIN_TESTNET, BITCOIN_REGTEST, bitcoinNetwork, type BitcoinNetwork, type BitcoinNetworkName } from './bitcoin/network';
export { p2wpkhAddress, parseBitcoinAddress, validateBitcoinAddress, addressOfScript, type BitcoinAddress } from './bitcoin/address';
export { p2wpkhScript, parseOutputScript } from './bitcoin/script';
export { buildPsbt, type BuildPsbtRequest, type BuiltPsbt, type BitcoinUtxo } from './bitcoin/psbt.builder';
export { checkPsbt, type PsbtExpectation, type CheckedPsbt, type PsbtRefusalCode } from './bitcoin/psbt.check';
export { signPsbt, type SignedBitcoinTransaction } from './bitcoin/psbt.signer';
export { parsePreviousTransaction } from './bitcoin/transaction';

export { ETHEREUM_CHAINS, ETHEREUM_MAINNET, ETHEREUM_SEPOLIA, ETHEREUM_HOLESKY, ethereumChain, type EthereumChain, type EthereumChainName } from './ethereum/chain';
export { ethereumAddressFromPublicKey, validateEthereumAddress, parseEthereumAddress, toChecksumAddress } from './ethereum/address';
export type { EthereumTransfer } from './ethereum/transfer';
export { buildEthereumTx, type BuildEthereumTxRequest, type BuiltEthereumTx } from './ethereum/tx.builder';
export { checkEthereumTx, type EthereumTxExpectation, type CheckedEthereumTx, type EthereumRefusalCode } from './ethereum/tx.check';
export { signEthereumTx, type SignedEthereumTransaction } from './ethereum/tx.signer';
