/**
 * Each way an unsigned Ethereum transaction can differ from the approval, crafted with an
 * independent library (ethers) or by re-encoding edited fields, and refused with its own code.
 * For every refusal the token is never asked to sign.
 */
import { describe, expect, it } from 'vitest';
import { Transaction as EthersTransaction, Interface } from 'ethers';
import { VaultlineError } from '../../errors';
import { bytesToHex, hexToBytes } from '../bytes';
import { ETHEREUM_HOLESKY, ETHEREUM_MAINNET, ETHEREUM_SEPOLIA, type EthereumChain } from './chain';
import { RLP } from 'micro-eth-signer/core/rlp.js';
import { ATTACKER, OTHER_TOKEN, RECIPIENT, TOKEN, ethWallet } from './ethereum.testkit';
import { buildEthereumTx } from './tx.builder';
import { checkEthereumTx, type EthereumRefusalCode, type EthereumTxExpectation } from './tx.check';
import { encodeSignedEip1559, encodeUnsignedEip1559, type Eip1559Fields } from './tx.codec';
import { signEthereumTx } from './tx.signer';

const GWEI = 1_000_000_000n;
const chain = ETHEREUM_MAINNET;
const ethTransfer = { asset: 'ETH', to: RECIPIENT, amount: 10n ** 18n } as const;
const ethExpected: EthereumTxExpectation = { transfer: ethTransfer, nonce: 3n, maxFee: 21_000n * 50n * GWEI };
const ethBuilt = buildEthereumTx(chain, { transfer: ethTransfer, nonce: 3n, maxFeePerGas: 50n * GWEI, maxPriorityFeePerGas: GWEI, gasLimit: 21_000n, maxFee: ethExpected.maxFee });
const tokenTransfer = { asset: 'ERC20', token: TOKEN, to: RECIPIENT, amount: 5_000_000n } as const;
const tokenExpected: EthereumTxExpectation = { transfer: tokenTransfer, nonce: 4n, maxFee: 70_000n * 50n * GWEI };
const tokenBuilt = buildEthereumTx(chain, { transfer: tokenTransfer, nonce: 4n, maxFeePerGas: 50n * GWEI, maxPriorityFeePerGas: GWEI, gasLimit: 70_000n, maxFee: tokenExpected.maxFee });
const erc20 = new Interface(['function transfer(address to, uint256 amount)', 'function approve(address spender, uint256 amount)']);

function codes(unsigned: Uint8Array, expected: EthereumTxExpectation, on: EthereumChain = chain): EthereumRefusalCode[] {
  const r = checkEthereumTx(on, unsigned, expected);
  return r.ok ? [] : r.refusals.map((x) => x.code);
}

function edited(base: Eip1559Fields, change: Partial<Eip1559Fields>): Uint8Array {
  return encodeUnsignedEip1559({ ...base, ...change });
}

function expectNothingSigned(unsigned: Uint8Array, expected: EthereumTxExpectation): void {
  const w = ethWallet(chain);
  let error: unknown;
  try {
    signEthereumTx(chain, unsigned, expected, w.keys);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(VaultlineError);
  expect((error as VaultlineError).code).toBe('INTEGRITY_FAILURE');
  expect(w.signer.signCount()).toBe(0);
}

describe('checkEthereumTx refuses every deviation from the approval', () => {
  it('accepts the untouched transactions (the baselines)', () => {
    expect(codes(ethBuilt.unsigned, ethExpected)).toEqual([]);
    expect(codes(tokenBuilt.unsigned, tokenExpected)).toEqual([]);
  });

  it('a chain id mix-up: a Sepolia or Holesky transaction presented on mainnet, and the reverse', () => {
    for (const other of [ETHEREUM_SEPOLIA, ETHEREUM_HOLESKY]) {
      const foreign = buildEthereumTx(other, { transfer: ethTransfer, nonce: 3n, maxFeePerGas: 50n * GWEI, maxPriorityFeePerGas: GWEI, gasLimit: 21_000n, maxFee: ethExpected.maxFee });
      expect(codes(foreign.unsigned, ethExpected)).toEqual(['WRONG_CHAIN']);
      expectNothingSigned(foreign.unsigned, ethExpected);
      expect(codes(ethBuilt.unsigned, ethExpected, other)).toEqual(['WRONG_CHAIN']);
    }
  });

  it('a key of another chain never signs, and the types say so', () => {
    const sepolia = ethWallet(ETHEREUM_SEPOLIA);
    // @ts-expect-error a NetworkKey<'sepolia'> cannot sign on mainnet
    expect(() => signEthereumTx(chain, ethBuilt.unsigned, ethExpected, sepolia.keys)).toThrow(/keys\[0\].network: the key is for sepolia; the withdrawal is on mainnet/);
    expect(sepolia.signer.signCount()).toBe(0);
    const main = ethWallet(chain);
    expect(() => signEthereumTx(chain, ethBuilt.unsigned, ethExpected, [...main.keys, ...main.keys])).toThrow(/one key/);
  });

  it('a fee above the cap: at build time and at check time', () => {
    expect(codes(ethBuilt.unsigned, { ...ethExpected, maxFee: ethBuilt.maxFee - 1n })).toEqual(['FEE_ABOVE_CAP']);
    expectNothingSigned(ethBuilt.unsigned, { ...ethExpected, maxFee: ethBuilt.maxFee - 1n });
    expect(codes(edited(ethBuilt.fields, { maxFeePerGas: 51n * GWEI }), ethExpected)).toEqual(['FEE_ABOVE_CAP']);
    expect(codes(edited(ethBuilt.fields, { gasLimit: 22_000n }), ethExpected)).toEqual(['FEE_ABOVE_CAP']);
    expect(() => buildEthereumTx(chain, { transfer: ethTransfer, nonce: 3n, maxFeePerGas: 51n * GWEI, maxPriorityFeePerGas: GWEI, gasLimit: 21_000n, maxFee: ethExpected.maxFee })).toThrow(/above the cap/);
  });

  it('another recipient, another amount, call data on an ETH transfer, another nonce', () => {
    expect(codes(edited(ethBuilt.fields, { to: ATTACKER }), ethExpected)).toEqual(['DESTINATION_MISMATCH']);
    expectNothingSigned(edited(ethBuilt.fields, { to: ATTACKER }), ethExpected);
    expect(codes(edited(ethBuilt.fields, { value: 2n * 10n ** 18n }), ethExpected)).toEqual(['AMOUNT_MISMATCH']);
    expect(codes(edited(ethBuilt.fields, { data: new Uint8Array([0xde, 0xad]) }), ethExpected)).toEqual(['UNEXPECTED_DATA', 'GAS_LIMIT_TOO_LOW']);
    expect(codes(edited(ethBuilt.fields, { nonce: 2n }), ethExpected)).toEqual(['NONCE_MISMATCH']);
  });

  it('ERC-20: another token contract, another recipient or amount inside the call, ETH value, approve()', () => {
    expect(codes(edited(tokenBuilt.fields, { to: OTHER_TOKEN }), tokenExpected)).toEqual(['TOKEN_MISMATCH']);
    const toAttacker = hexToBytes(erc20.encodeFunctionData('transfer', [ATTACKER, 5_000_000n]).slice(2));
    expect(codes(edited(tokenBuilt.fields, { data: toAttacker }), tokenExpected)).toEqual(['DESTINATION_MISMATCH']);
    expectNothingSigned(edited(tokenBuilt.fields, { data: toAttacker }), tokenExpected);
    const more = hexToBytes(erc20.encodeFunctionData('transfer', [RECIPIENT, 5_000_001n]).slice(2));
    expect(codes(edited(tokenBuilt.fields, { data: more }), tokenExpected)).toEqual(['AMOUNT_MISMATCH']);
    expect(codes(edited(tokenBuilt.fields, { value: 1n }), tokenExpected)).toEqual(['UNEXPECTED_VALUE']);
    const approve = hexToBytes(erc20.encodeFunctionData('approve', [ATTACKER, 2n ** 256n - 1n]).slice(2));
    expect(codes(edited(tokenBuilt.fields, { data: approve }), tokenExpected)).toEqual(['NOT_ERC20_TRANSFER']);
    const dirtyPadding = tokenBuilt.fields.data.slice();
    dirtyPadding[5] = 1;
    expect(codes(edited(tokenBuilt.fields, { data: dirtyPadding }), tokenExpected)).toEqual(['NOT_ERC20_TRANSFER']);
    // The ERC-20 transaction is not the approved ETH transfer, nor the reverse.
    expect(codes(tokenBuilt.unsigned, { ...ethExpected, nonce: 4n, maxFee: tokenExpected.maxFee })).toEqual(['DESTINATION_MISMATCH', 'AMOUNT_MISMATCH', 'UNEXPECTED_DATA']);
  });

  it('invalid fee fields and gas limits', () => {
    // Hand-encoded RLP (both libraries refuse to encode it): the decoder refuses it, naming the field.
    const f = ethBuilt.fields;
    const inverted = new Uint8Array([0x02, ...RLP.encode([f.chainId, f.nonce, 60n * GWEI, f.maxFeePerGas, f.gasLimit, hexToBytes(f.to.slice(2)), f.value, new Uint8Array(), []])]);
    const r = checkEthereumTx(chain, inverted, ethExpected);
    expect(r.ok ? [] : r.refusals.map((x) => x.code)).toEqual(['TX_MALFORMED']);
    expect(r.ok ? '' : r.refusals[0]?.message).toMatch(/maxPriorityFeePerGas: cannot be bigger than maxFeePerGas/);
    expect(codes(edited(ethBuilt.fields, { gasLimit: 20_999n }), ethExpected)).toEqual(['GAS_LIMIT_TOO_LOW']);
    expect(codes(edited(tokenBuilt.fields, { gasLimit: 21_000n }), tokenExpected)).toEqual(['GAS_LIMIT_TOO_LOW']);
  });

  it('other transaction types, access lists, signed or non-canonical bytes, garbage', () => {
    const f = ethBuilt.fields;
    const base = { chainId: f.chainId, nonce: Number(f.nonce), to: f.to, value: f.value, gasLimit: f.gasLimit };
    const legacy = EthersTransaction.from({ ...base, type: 0, gasPrice: 50n * GWEI }).unsignedSerialized;
    expect(codes(hexToBytes(legacy.slice(2)), ethExpected)).toEqual(['TX_MALFORMED']);
    const eip2930 = EthersTransaction.from({ ...base, type: 1, gasPrice: 50n * GWEI }).unsignedSerialized;
    expect(codes(hexToBytes(eip2930.slice(2)), ethExpected)).toEqual(['TX_MALFORMED']);
    const withAccessList = EthersTransaction.from({ ...base, type: 2, maxFeePerGas: f.maxFeePerGas, maxPriorityFeePerGas: f.maxPriorityFeePerGas, accessList: [{ address: ATTACKER, storageKeys: [] }] }).unsignedSerialized;
    expect(codes(hexToBytes(withAccessList.slice(2)), ethExpected)).toEqual(['ACCESS_LIST']);
    const signed = encodeSignedEip1559(f, { yParity: 0, r: 1n, s: 1n });
    expect(codes(signed, ethExpected)).toContain('ALREADY_SIGNED');
    const trailing = new Uint8Array([...ethBuilt.unsigned, 0x00]);
    expect(codes(trailing, ethExpected)).toEqual(['TX_MALFORMED']);
    expect(codes(new Uint8Array([0x02, 0xc0]), ethExpected)).toEqual(['TX_MALFORMED']);
    expect(codes(hexToBytes('deadbeef'), ethExpected)).toEqual(['TX_MALFORMED']);
    expectNothingSigned(hexToBytes('deadbeef'), ethExpected);
    // Sanity: ethers agrees our unsigned bytes are its own unsigned serialisation of the same fields.
    const same = EthersTransaction.from({ ...base, type: 2, maxFeePerGas: f.maxFeePerGas, maxPriorityFeePerGas: f.maxPriorityFeePerGas }).unsignedSerialized;
    expect(same).toBe(`0x${bytesToHex(ethBuilt.unsigned)}`);
  });

  it('refuses malformed requests before building', () => {
    const ok = { transfer: ethTransfer, nonce: 0n, maxFeePerGas: GWEI, maxPriorityFeePerGas: GWEI, gasLimit: 21_000n, maxFee: 10n ** 18n };
    expect(() => buildEthereumTx(chain, { ...ok, transfer: { ...ethTransfer, to: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD' } })).toThrow(/transfer.to: BAD_CHECKSUM/);
    expect(() => buildEthereumTx(chain, { ...ok, transfer: { ...ethTransfer, amount: 0n } })).toThrow(/transfer.amount: must be at least 1/);
    expect(() => buildEthereumTx(chain, { ...ok, maxPriorityFeePerGas: 2n * GWEI })).toThrow(/must not exceed maxFeePerGas/);
    expect(() => buildEthereumTx(chain, { ...ok, transfer: { asset: 'ERC20', token: TOKEN, to: TOKEN, amount: 1n } })).toThrow(/token contract itself/);
    expect(() => buildEthereumTx({ ...chain, chainId: 5n }, ok)).toThrow(/ETHEREUM_CHAINS/);
  });
});
