/**
 * Dates of birth as lists publish them: to the day, the month or only the year ("YYYY-MM-DD",
 * "YYYY-MM", "YYYY"), sometimes a range of years ("circa 1960", "1960 to 1962"). A range becomes
 * one year entry per year (at most MAX_RANGE_YEARS), so a customer born in any of them agrees.
 */

const MAX_RANGE_YEARS = 12;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A valid partial date text for year (1800..2100), optional month, optional day; undefined if impossible. */
export function partialDate(year: number, month?: number, day?: number): string | undefined {
  if (!Number.isInteger(year) || year < 1800 || year > 2100) return undefined;
  if (month === undefined) return String(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (day === undefined) return `${year}-${pad(month)}`;
  if (!Number.isInteger(day) || day < 1 || day > daysIn(year, month)) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** True for "YYYY", "YYYY-MM" or "YYYY-MM-DD" naming a real date. */
export function isPartialDate(text: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!m) return false;
  return partialDate(Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3])) === text;
}

export interface DateParts {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

export function dateParts(text: string): DateParts {
  const [y, m, d] = text.split('-').map(Number);
  return { year: y!, ...(m === undefined ? {} : { month: m }), ...(d === undefined ? {} : { day: d }) };
}

/** Every year from `from` to `to` as "YYYY" texts (a range longer than MAX_RANGE_YEARS keeps its ends only). */
export function yearRange(from: number, to: number): string[] {
  if (to < from) return [];
  if (to - from + 1 > MAX_RANGE_YEARS) return [String(from), String(to)];
  const out: string[] = [];
  for (let y = from; y <= to; y++) out.push(String(y));
  return out;
}

/**
 * A date from a start and end point (OFAC's DatePeriod, the UN's BETWEEN): one date at the
 * precision both ends agree on, or the years of the range.
 */
export function datesOfPeriod(start: DateParts, end: DateParts): string[] {
  if (start.year === end.year) {
    if (start.month !== undefined && start.month === end.month) {
      if (start.day !== undefined && start.day === end.day) return [partialDate(start.year, start.month, start.day)].filter(isDefined);
      // A whole month (1st to last day, or no days) is the month.
      return [partialDate(start.year, start.month)].filter(isDefined);
    }
    return [String(start.year)];
  }
  return yearRange(start.year, end.year);
}

function isDefined<T>(v: T | undefined): v is T {
  return v !== undefined;
}

/**
 * OFAC legacy remarks dates: "28 Jul 1963", "Jul 1963", "1963", "circa 1963", "1960 to 1962",
 * "01 Jan 1960 to 31 Dec 1962". Undefined when the text is not one of those forms.
 */
export function parseOfacRemarkDate(text: string): string[] | undefined {
  const t = text.trim().replace(/\.$/, '').replace(/^circa\s+/i, '');
  const one = (s: string): DateParts | undefined => {
    const m = /^(?:(\d{1,2})\s+)?(?:([A-Za-z]{3})[a-z]*\s+)?(\d{4})$/.exec(s.trim());
    if (!m) return undefined;
    const month = m[2] === undefined ? undefined : MONTHS.indexOf(m[2].toLowerCase()) + 1;
    if (month === 0) return undefined;
    if (m[1] !== undefined && month === undefined) return undefined;
    const parts = { year: Number(m[3]), ...(month === undefined ? {} : { month }), ...(m[1] === undefined ? {} : { day: Number(m[1]) }) };
    return partialDate(parts.year, parts.month, parts.day) === undefined ? undefined : parts;
  };
  const range = /^(.+?)\s+to\s+(.+)$/i.exec(t);
  if (range) {
    const a = one(range[1]!);
    const b = one(range[2]!);
    return a && b ? datesOfPeriod(a, b) : undefined;
  }
  const d = one(t);
  return d ? [partialDate(d.year, d.month, d.day)!] : undefined;
}
