import { amountParts, toMinor } from './ledger-format';
import { decimalsOf, useLedger } from './ledger-context';
import classes from './ledger.module.css';

interface Props {
  /** Minor units (integer string or bigint). */
  readonly value: string | bigint;
  readonly assetId: string;
  /** Pad the fraction to the asset's decimals so a column lines up (tables). */
  readonly fixed?: boolean;
  /** Show the asset after the number. */
  readonly unit?: boolean;
  /** Always show the sign (differences, changes). */
  readonly signed?: boolean;
  /** Draw negative amounts in red. */
  readonly tone?: boolean;
  readonly testId?: string;
}

/**
 * An exact amount: formatAmount's digits (never a float), thousands grouped, the padding zeros
 * faint. The raw minor units are on hover, for whoever needs to compare with an export.
 */
export function Amount({ value, assetId, fixed = false, unit = false, signed = false, tone = false, testId }: Props) {
  const { assets } = useLedger();
  const decimals = decimalsOf(assets, assetId);
  const minor = toMinor(value);
  if (decimals === undefined) {
    return (
      <span className={classes.amount} data-testid={testId} title="The console does not list this asset: shown in minor units">
        {minor.toString()}
        <span className={classes.unit}>minor units of {assetId}</span>
      </span>
    );
  }
  const p = amountParts(minor, decimals);
  const sign = p.negative ? '-' : signed && minor > 0n ? '+' : '';
  return (
    <span className={`${classes.amount}${tone && p.negative ? ` ${classes.negative}` : ''}`} data-testid={testId} data-minor={minor.toString()} title={`${minor.toString()} minor units (${decimals} decimals)`}>
      {sign}
      {p.whole}
      {(p.fraction || (fixed && p.padding)) && '.'}
      {p.fraction}
      {fixed && p.padding && <span className={classes.padding}>{p.padding}</span>}
      {unit && <span className={classes.unit}>{assets.get(assetId)?.symbol ?? assetId}</span>}
    </span>
  );
}
