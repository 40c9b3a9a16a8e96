import { useEffect, useState, type ReactNode } from 'react';
import { Anchor, Badge, Card, Group, Progress, SimpleGrid, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { invoke, type Result, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Amount } from './Amount';
import { ACCOUNT_KIND_LABELS, type AccountKind } from './ledger-format';
import { coverageBps, firmPositions, nextAfterCode, percentOf, type AccountView, type AssetPosition } from './ledger-query';
import { useLedger } from './ledger-context';
import classes from './ledger.module.css';

const FIRM_KINDS = (Object.keys(ACCOUNT_KIND_LABELS) as AccountKind[]).filter((k) => k !== 'customer');
const PAGE = 1000;

const WALLET_COLORS = { hot: 'orange.5', cold: 'vault.7', omnibus: 'teal.5' } as const;

/** Every firm account (all kinds but customer), page by page: a few per asset in any real book. */
async function loadFirmAccounts(): Promise<Result<AccountView[]>> {
  const pages = await Promise.all(
    FIRM_KINDS.map(async (kind): Promise<Result<AccountView[]>> => {
      const out: AccountView[] = [];
      let afterCode: string | undefined;
      for (;;) {
        const result = await invoke('ledger.accounts.list', { kind, limit: PAGE, ...(afterCode !== undefined ? { afterCode } : {}) });
        if (!result.ok) return result;
        out.push(...result.value.accounts);
        afterCode = nextAfterCode(result.value.accounts, afterCode, PAGE);
        if (afterCode === undefined) return { ok: true, value: out };
      }
    }),
  );
  const failed = pages.find((p) => !p.ok);
  if (failed && !failed.ok) return failed;
  return { ok: true, value: pages.flatMap((p) => (p.ok ? p.value : [])) };
}

interface OpenDifferences {
  readonly count: number;
  readonly total: bigint;
}

/** A figure with its label above: three to a row fit even 18-decimal amounts in half the screen. */
function Stat({ label, children, testId, strong = false }: { label: ReactNode; children: ReactNode; testId: string; strong?: boolean }) {
  return (
    <Stack gap={0} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {label}
      </Text>
      <Text size="sm" fw={strong ? 600 : undefined} data-testid={testId} style={{ whiteSpace: 'nowrap' }}>
        {children}
      </Text>
    </Stack>
  );
}

const swatch = (k: keyof typeof WALLET_COLORS) => <span className={classes.legendSwatch} style={{ background: `var(--mantine-color-${WALLET_COLORS[k].replace('.', '-')})` }} />;

function PositionCard({ position, open }: { position: AssetPosition; open: OpenDifferences | undefined }) {
  const { assets, nav } = useLedger();
  const asset = assets.get(position.assetId);
  const id = position.assetId;
  const scale = position.wallets > position.liabilities ? position.wallets : position.liabilities;
  const coverage = coverageBps(position);
  const covered = coverage === null || coverage >= 10_000;
  const marker = percentOf(position.liabilities, scale);
  const sections = (['hot', 'cold', 'omnibus'] as const).filter((k) => position[k] > 0n);
  const owed = position.counterparties < 0n ? -position.counterparties : position.counterparties;
  return (
    <Card withBorder radius="md" padding="sm" data-testid="position-card" data-asset={id}>
      <Group justify="space-between" wrap="nowrap" mb={2}>
        <Group gap={8} wrap="nowrap">
          <Badge variant="filled" color="dark" radius="sm">
            {id}
          </Badge>
          <Text size="sm" c="dimmed" truncate>
            {asset ? `${asset.name} · ${asset.network}` : ''}
          </Text>
        </Group>
        {coverage !== null && (
          <Tooltip label="On-chain wallets (per the ledger) as a share of what the firm owes its customers">
            <Badge variant="light" color={covered ? 'teal' : 'red'} data-testid="position-coverage">
              Coverage {(coverage / 100).toFixed(2)}%
            </Badge>
          </Tooltip>
        )}
      </Group>
      <div className={classes.positionBar}>
        <Progress.Root size={12} radius="sm" aria-label={`${id} wallets against customer liabilities`}>
          {sections.map((k) => (
            <Tooltip key={k} label={`${k === 'hot' ? 'Hot' : k === 'cold' ? 'Cold' : 'Omnibus'} wallet: ${percentOf(position[k], position.wallets).toFixed(1)}% of wallets`}>
              <Progress.Section value={percentOf(position[k], scale)} color={WALLET_COLORS[k]} />
            </Tooltip>
          ))}
        </Progress.Root>
        {position.liabilities > 0n && <div className={classes.liabilityMarker} style={{ left: `calc(${marker}% - 1px)` }} title="Customer liabilities" />}
      </div>
      <SimpleGrid cols={3} spacing="sm" verticalSpacing={6} mt={8}>
        <Stat label={<>{swatch('hot')}Hot wallet</>} testId="position-hot">
          <Amount value={position.hot} assetId={id} />
        </Stat>
        <Stat label={<>{swatch('cold')}Cold wallet</>} testId="position-cold">
          <Amount value={position.cold} assetId={id} />
        </Stat>
        <Stat label={<>{swatch('omnibus')}Omnibus wallet</>} testId="position-omnibus">
          <Amount value={position.omnibus} assetId={id} />
        </Stat>
        <Stat label="Wallets" testId="position-wallets" strong>
          <Amount value={position.wallets} assetId={id} />
        </Stat>
        <Tooltip
          multiline
          w={340}
          label="The sum of all customer balances. Read from the trial balance: every entry balances per asset, so it equals the firm's debit balances minus its other credit balances."
        >
          <div>
            <Stat
              label={
                <>
                  <span className={classes.legendMarker} />
                  Customer liabilities
                </>
              }
              testId="position-liabilities"
              strong
            >
              <Amount value={position.liabilities} assetId={id} />
            </Stat>
          </div>
        </Tooltip>
        <Stat label="Wallets − liabilities" testId="position-surplus">
          <Amount value={position.wallets - position.liabilities} assetId={id} signed tone />
        </Stat>
      </SimpleGrid>
      <Group justify="space-between" gap="xs" wrap="nowrap" mt={6}>
        <Text size="xs" c="dimmed" data-testid="position-counterparties" style={{ whiteSpace: 'nowrap' }}>
          {position.counterparties === 0n ? (
            'No open counterparty positions'
          ) : (
            <>
              {position.counterparties > 0n ? 'Counterparties owe the firm' : 'Owed to counterparties'} <Amount value={owed} assetId={id} unit />
            </>
          )}
        </Text>
        {open && open.count > 0 ? (
          <Anchor component="button" size="xs" c="red.7" fw={600} onClick={() => nav.setTab('reconciliation')} data-testid="position-open-exceptions" style={{ whiteSpace: 'nowrap' }}>
            {open.count} open reconciliation {open.count === 1 ? 'difference' : 'differences'} (<Amount value={open.total} assetId={id} signed />)
          </Anchor>
        ) : (
          <Text size="xs" c="teal.7" data-testid="position-reconciled">
            No open reconciliation differences
          </Text>
        )}
      </Group>
    </Card>
  );
}

/** Firm positions per asset: what the wallets hold against what customers are owed. */
export function PositionsBand() {
  const { revision } = useLedger();
  const [positions, setPositions] = useState<AssetPosition[] | undefined>();
  const [open, setOpen] = useState<ReadonlyMap<string, OpenDifferences>>(new Map());
  const [error, setError] = useState<WireError | undefined>();

  useEffect(() => {
    let live = true;
    void Promise.all([loadFirmAccounts(), invoke('reconciliation.exceptions.list', { status: 'open', limit: 1000 })]).then(([accounts, exceptions]) => {
      if (!live) return;
      if (!accounts.ok) {
        setError(accounts.error);
        return;
      }
      setError(undefined);
      setPositions(firmPositions(accounts.value).filter((p) => p.wallets !== 0n || p.liabilities !== 0n));
      if (exceptions.ok) {
        const byAsset = new Map<string, OpenDifferences>();
        for (const e of exceptions.value.exceptions) {
          const known = byAsset.get(e.assetId) ?? { count: 0, total: 0n };
          byAsset.set(e.assetId, { count: known.count + 1, total: known.total + BigInt(e.difference) });
        }
        setOpen(byAsset);
      }
    });
    return () => {
      live = false;
    };
  }, [revision]);

  if (error) return <ErrorAlert message={error.message} title="Could not load the firm’s positions" />;
  if (!positions) {
    return (
      <SimpleGrid cols={2} spacing="md">
        <Skeleton h={150} radius="md" />
        <Skeleton h={150} radius="md" />
      </SimpleGrid>
    );
  }
  if (positions.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        The book is empty: no wallet or customer balances yet.
      </Text>
    );
  }
  return (
    <Stack gap={6}>
      <SimpleGrid cols={{ base: 1, md: Math.min(positions.length, 3) }} spacing="md" data-testid="positions">
        {positions.map((p) => (
          <PositionCard key={p.assetId} position={p} open={open.get(p.assetId)} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
