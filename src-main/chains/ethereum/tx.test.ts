import { describe, expect, it } from 'vitest';
import { Interface, Transaction as EthersTransaction } from 'ethers';
import { bytesToHex } from '../bytes';
import { ERC20_TRANSFER_SELECTOR } from './erc20';
import { ETHEREUM_HOLESKY, ETHEREUM_MAINNET, ETHEREUM_SEPOLIA, type EthereumChain } from './chain';
import { RECIPIENT, TOKEN, ethWallet } from './ethereum.testkit';
import { buildEthereumTx } from './tx.builder';
import { checkEthereumTx } from './tx.check';
import { signEthereumTx } from './tx.signer';

const GWEI = 1_000_000_000n;
const erc20 = new Interface(['function transfer(address to, uint256 amount)']);
const hex = (b: Uint8Array) => `0x${bytesToHex(b)}`;

describe.each([ETHEREUM_MAINNET, ETHEREUM_SEPOLIA, ETHEREUM_HOLESKY] as EthereumChain[])('EIP-1559 withdrawals on $name', (chain) => {
  it('an ETH transfer: built, checked, signed; ethers reads it back, the sender is the wallet', () => {
    const w = ethWallet(chain);
    const request = { transfer: { asset: 'ETH', to: RECIPIENT, amount: 1_500_000_000_000_000_000n }, nonce: 7n, maxFeePerGas: 40n * GWEI, maxPriorityFeePerGas: 2n * GWEI, gasLimit: 21_000n, maxFee: 21_000n * 50n * GWEI } as const;
    const built = buildEthereumTx(chain, request);
    const expected = { transfer: request.transfer, nonce: 7n, maxFee: request.maxFee };
    expect(checkEthereumTx(chain, built.unsigned, expected)).toMatchObject({ ok: true, value: { maxFee: 21_000n * 40n * GWEI } });
    const signed = signEthereumTx(chain, built.unsigned, expected, w.keys);

    const tx = EthersTransaction.from(hex(signed.raw));
    expect(tx.type).toBe(2);
    expect(tx.chainId).toBe(chain.chainId);
    expect(tx.from).toBe(w.address);
    expect(signed.from).toBe(w.address);
    expect(tx.hash).toBe(signed.txid);
    expect(tx.unsignedHash).toBe(hex(built.signingHash));
    expect(tx.unsignedSerialized).toBe(hex(built.unsigned));
    expect([tx.to, tx.value, tx.data, tx.nonce, tx.gasLimit, tx.maxFeePerGas, tx.maxPriorityFeePerGas]).toEqual([RECIPIENT, 1_500_000_000_000_000_000n, '0x', 7, 21_000n, 40n * GWEI, 2n * GWEI]);
    expect(tx.accessList).toEqual([]);
    expect(tx.signature?.s && BigInt(tx.signature.s) <= 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n).toBe(true);
  });

  it('an ERC-20 transfer: the call data ethers decodes is transfer(recipient, amount) on the token', () => {
    const w = ethWallet(chain);
    const transfer = { asset: 'ERC20', token: TOKEN.toLowerCase(), to: RECIPIENT.toUpperCase().replace('0X', '0x'), amount: 250_000_000n } as const;
    const built = buildEthereumTx(chain, { transfer, nonce: 0n, maxFeePerGas: 30n * GWEI, maxPriorityFeePerGas: GWEI, gasLimit: 65_000n, maxFee: 65_000n * 30n * GWEI });
    const signed = signEthereumTx(chain, built.unsigned, { transfer, nonce: 0n, maxFee: 65_000n * 30n * GWEI }, w.keys);
    const tx = EthersTransaction.from(hex(signed.raw));
    expect(tx.from).toBe(w.address);
    expect(tx.to).toBe(TOKEN);
    expect(tx.value).toBe(0n);
    const [to, amount] = erc20.decodeFunctionData('transfer', tx.data) as unknown as [string, bigint];
    expect([to, amount]).toEqual([RECIPIENT, 250_000_000n]);
  });
});

describe('Ethereum signatures', () => {
  it('use both y-parities, found by trial, and normalise the high-S half of the token output', () => {
    const w = ethWallet(ETHEREUM_SEPOLIA);
    const parities = new Set<number>();
    for (let nonce = 0n; nonce < 12n; nonce++) {
      const transfer = { asset: 'ETH', to: RECIPIENT, amount: 1n + nonce } as const;
      const built = buildEthereumTx(ETHEREUM_SEPOLIA, { transfer, nonce, maxFeePerGas: GWEI, maxPriorityFeePerGas: GWEI, gasLimit: 21_000n, maxFee: 10n ** 18n });
      const signed = signEthereumTx(ETHEREUM_SEPOLIA, built.unsigned, { transfer, nonce, maxFee: 10n ** 18n }, w.keys);
      const tx = EthersTransaction.from(hex(signed.raw));
      expect(tx.from).toBe(w.address);
      parities.add(tx.signature?.yParity ?? -1);
    }
    expect([...parities].sort()).toEqual([0, 1]);
    expect(w.signer.highSCount()).toBe(6);
  });

  it('the ERC-20 selector is keccak256("transfer(address,uint256)")[0..4]', () => {
    expect(bytesToHex(ERC20_TRANSFER_SELECTOR)).toBe('a9059cbb');
    expect(erc20.getFunction('transfer')?.selector).toBe('0xa9059cbb');
  });

  it('amounts are bigint end to end: 10 million ETH and a uint256-sized token amount', () => {
    const w = ethWallet(ETHEREUM_MAINNET);
    const big = { asset: 'ETH', to: RECIPIENT, amount: 10_000_000n * 10n ** 18n } as const;
    const built = buildEthereumTx(ETHEREUM_MAINNET, { transfer: big, nonce: 1n, maxFeePerGas: GWEI, maxPriorityFeePerGas: 0n, gasLimit: 21_000n, maxFee: 10n ** 18n });
    const signed = signEthereumTx(ETHEREUM_MAINNET, built.unsigned, { transfer: big, nonce: 1n, maxFee: 10n ** 18n }, w.keys);
    expect(EthersTransaction.from(hex(signed.raw)).value).toBe(big.amount);
    const huge = { asset: 'ERC20', token: TOKEN, to: RECIPIENT, amount: 2n ** 255n + 12345n } as const;
    const b2 = buildEthereumTx(ETHEREUM_MAINNET, { transfer: huge, nonce: 2n, maxFeePerGas: GWEI, maxPriorityFeePerGas: 0n, gasLimit: 60_000n, maxFee: 10n ** 18n });
    const s2 = signEthereumTx(ETHEREUM_MAINNET, b2.unsigned, { transfer: huge, nonce: 2n, maxFee: 10n ** 18n }, w.keys);
    expect((erc20.decodeFunctionData('transfer', EthersTransaction.from(hex(s2.raw)).data) as unknown as [string, bigint])[1]).toBe(huge.amount);
  });
});
