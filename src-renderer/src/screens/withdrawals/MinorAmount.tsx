import { amountParts } from '../ledger/ledger-format';
import classes from './withdrawals.module.css';

interface Props {
  /** Minor units (integer string or bigint). */
  readonly value: string | bigint;
  readonly assetId: string;
  /** The asset's decimals; undefined when the console does not list the asset. */
  readonly decimals: number | undefined;
  readonly unit?: boolean;
  readonly testId?: string;
}

/**
 * An exact amount of an asset: the ledger's digits (src-shared/money, never a float), thousands
 * grouped, trailing zeros dropped. The raw minor units are on hover and in `data-minor`.
 */
export function MinorAmount({ value, assetId, decimals, unit = true, testId }: Props) {
  const minor = typeof value === 'bigint' ? value : BigInt(value);
  if (decimals === undefined) {
    return (
      <span className={classes.amount} data-testid={testId} data-minor={minor.toString()}>
        {minor.toString()}
        <span className={classes.unit}>minor units of {assetId}</span>
      </span>
    );
  }
  const p = amountParts(minor, decimals);
  return (
    <span className={classes.amount} data-testid={testId} data-minor={minor.toString()} title={`${minor.toString()} minor units (${decimals} decimals)`}>
      {p.negative ? '-' : ''}
      {p.whole}
      {p.fraction && `.${p.fraction}`}
      {unit && <span className={classes.unit}>{assetId}</span>}
    </span>
  );
}
