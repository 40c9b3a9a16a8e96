import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowUpRight, IconInfoCircle } from '@tabler/icons-react';
import { invoke, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrors, formMessage } from '../../lib/errors';
import { MinorAmount } from './MinorAmount';
import { parseAmountInput, walletUsedFor, type WalletView, type WithdrawalView } from './withdrawal-format';
import type { AssetInfo } from './useWithdrawalQueue';

const FIELDS = ['assetId', 'amount', 'destination', 'feeCap', 'walletId', 'requestRef'];

interface Props {
  readonly opened: boolean;
  readonly wallets: readonly WalletView[];
  readonly assets: ReadonlyMap<string, AssetInfo>;
  readonly onClose: () => void;
  readonly onCreated: (w: WithdrawalView) => void;
}

/**
 * A treasury move (the firm's own funds, no customer): from one of the firm's wallets to a
 * destination, with a fee cap. Amounts are typed as decimals in the asset's unit and sent as the
 * exact decimal text the command takes; the core converts, values, screens, applies the policy
 * and holds. The command names the wallet by its role (hot or cold): the core pays from the first
 * wallet of that asset and role, so only that one is offered.
 */
export function CreateWithdrawalModal({ opened, wallets, assets, onClose, onCreated }: Props) {
  const [walletId, setWalletId] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [destination, setDestination] = useState('');
  const [feeCap, setFeeCap] = useState('');
  const [reference, setReference] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | undefined>();

  useEffect(() => {
    if (!opened) return;
    setWalletId(null);
    setAmount('');
    setDestination('');
    setFeeCap('');
    setReference('');
    setTouched(false);
    setError(undefined);
  }, [opened]);

  const options = useMemo(
    () =>
      wallets.map((w) => {
        const used = walletUsedFor(wallets, w.assetId, w.role);
        const usable = used?.id === w.id;
        return { value: w.id, label: `${w.label} · ${w.assetId} ${w.role} wallet${usable ? '' : ` (not used: the console pays ${w.role} ${w.assetId} from ${used?.label ?? 'another wallet'})`}`, disabled: !usable };
      }),
    [wallets],
  );
  const wallet = wallets.find((w) => w.id === walletId);
  const decimals = wallet ? assets.get(wallet.assetId)?.decimals : undefined;
  const parsedAmount = wallet && decimals !== undefined ? parseAmountInput(amount, decimals) : undefined;
  const parsedFee = wallet && decimals !== undefined ? parseAmountInput(feeCap, decimals, { what: 'Fee cap', allowZero: true }) : undefined;
  const server = fieldErrors(error);
  const local = {
    wallet: touched && !wallet ? 'Choose the wallet to pay from' : undefined,
    amount: touched && parsedAmount && !parsedAmount.ok ? parsedAmount.message : undefined,
    feeCap: touched && parsedFee && !parsedFee.ok ? parsedFee.message : undefined,
    destination: touched && destination.trim().length === 0 ? 'Destination is required' : undefined,
  };
  const ready = wallet !== undefined && parsedAmount?.ok === true && parsedFee?.ok === true && destination.trim().length > 0;

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setTouched(true);
    if (!ready || !wallet || !parsedAmount?.ok || !parsedFee?.ok) return;
    setBusy(true);
    setError(undefined);
    const r = await invoke('custody.withdrawals.create', {
      assetId: wallet.assetId,
      walletId: wallet.id,
      amount: parsedAmount.decimal,
      feeCap: parsedFee.decimal,
      destination: destination.trim(),
      ...(reference.trim() ? { requestRef: reference.trim() } : {}),
    });
    setBusy(false);
    if (r.ok) onCreated(r.value.withdrawal);
    else setError(r.error);
  }

  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>New treasury withdrawal</Text>} size="lg" centered>
      <form onSubmit={(e) => void submit(e)} noValidate autoComplete="off" data-testid="create-withdrawal-form">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Moves the firm’s own funds (no customer). The console values it at the latest market price, screens the destination, checks the limits and the circuit breaker, and the quorum policy decides who must approve. You cannot approve or sign what you open. The amount and fee cap are held on the wallet until the withdrawal is settled, rejected or expires.
          </Text>
          <ErrorAlert message={formMessage(error, FIELDS)} title="Not opened" />
          <Select
            label="From wallet"
            placeholder="Choose a wallet"
            data={options}
            value={walletId}
            onChange={setWalletId}
            error={local.wallet ?? server.walletId ?? server.assetId}
            allowDeselect={false}
            data-autofocus
            data-testid="create-wallet"
          />
          <Group grow align="flex-start">
            <TextInput
              label="Amount"
              description="Sent exactly; never rounded"
              placeholder="0.25"
              rightSection={<Text size="xs" c="dimmed">{wallet?.assetId ?? ''}</Text>}
              rightSectionWidth={56}
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              error={local.amount ?? server.amount}
              inputMode="decimal"
              spellCheck={false}
              classNames={{ input: 'mono' }}
              data-testid="create-amount"
            />
            <TextInput
              label="Fee cap"
              description="The most the network fee may be"
              placeholder="0.0003"
              rightSection={<Text size="xs" c="dimmed">{wallet?.assetId ?? ''}</Text>}
              rightSectionWidth={56}
              value={feeCap}
              onChange={(e) => setFeeCap(e.currentTarget.value)}
              error={local.feeCap ?? server.feeCap}
              inputMode="decimal"
              spellCheck={false}
              classNames={{ input: 'mono' }}
              data-testid="create-fee-cap"
            />
          </Group>
          <TextInput
            label="Destination"
            description={wallet ? `A ${assets.get(wallet.assetId)?.network ?? ''} ${wallet.chain} address` : undefined}
            placeholder={wallet?.chain === 'ethereum' ? '0x…' : 'bc1q…'}
            value={destination}
            onChange={(e) => setDestination(e.currentTarget.value)}
            error={local.destination ?? server.destination}
            spellCheck={false}
            classNames={{ input: 'mono' }}
            data-testid="create-destination"
          />
          <TextInput label="Reference (optional)" description="Your own reference, e.g. a treasury ticket; letters, digits, _ . : -" value={reference} onChange={(e) => setReference(e.currentTarget.value)} error={server.requestRef} spellCheck={false} data-testid="create-reference" />
          {ready && wallet && parsedAmount?.ok && parsedFee?.ok && (
            <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} data-testid="create-summary">
              <Text size="sm">
                <MinorAmount value={parsedAmount.minor} assetId={wallet.assetId} decimals={decimals} /> ({parsedAmount.minor.toLocaleString('en-US')} minor units) from {wallet.label} to{' '}
                <span className="mono" style={{ wordBreak: 'break-all' }}>{destination.trim()}</span>, fee at most <MinorAmount value={parsedFee.minor} assetId={wallet.assetId} decimals={decimals} />.
              </Text>
            </Alert>
          )}
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" leftSection={<IconArrowUpRight size={16} />} loading={busy} data-testid="create-submit">
              Open for approval
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
