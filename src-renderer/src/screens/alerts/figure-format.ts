/**
 * An alert's figures and condition values as they read, by the kind the core gives each one
 * (monitoring.alerts.get): USD cents through the shared money formatter ("5,206.25 USD", exact
 * bigint arithmetic, never a float), counts with what they count ("2 transactions"). A value the
 * core gave no kind keeps its text.
 */
import { formatUsdCents } from '../withdrawals/withdrawal-format';

export type FigureKind = 'usd_cents' | 'count' | 'ratio' | 'amount';

const INTEGER = /^-?\d+$/;

/** `transactions` → `transaction` for one; other units ("different counterparty address") stay. */
function unitFor(n: string, unit: string): string {
  return n === '1' && unit.endsWith('transactions') ? unit.slice(0, -1) : unit;
}

/** One value with its kind, as it reads. */
export function figureText(value: string, kind: FigureKind | undefined, unit?: string): string {
  if (!INTEGER.test(value)) return value; // "(none)", text values, "… against …"
  switch (kind) {
    case 'usd_cents':
      return `${formatUsdCents(value)} USD`;
    case 'count': {
      const n = BigInt(value).toLocaleString('en-US');
      return unit ? `${n} ${unitFor(value, unit)}` : n;
    }
    case 'ratio':
      return `${value} ×`;
    default:
      return value;
  }
}
