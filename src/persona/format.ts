/** Number and text formatting shared by persona names, evidence and cards (not re-exported). */

/** A readable number: thousands grouped, ≥ 10 to one decimal at most, below 1 to two significant digits. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  let s: string;
  if (a === 0) s = "0";
  else if (a >= 100) s = String(Math.round(x));
  else if (a >= 1) s = x.toFixed(1).replace(/\.0$/, "");
  else s = String(Number(x.toPrecision(2)));
  const [int, frac] = s.split(".");
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** A share as a percentage: "82 %", "4.5 %" below 10 %, "0.3 %" below 1 %. */
export function formatPercent(p: number): string {
  const v = p * 100;
  if (v !== 0 && Math.abs(v) < 10) return `${Number(v.toFixed(1))} %`;
  return `${Math.round(v)} %`;
}

/** A value in its unit: shares as percentages, other units after the number. */
export function formatValue(x: number, unit: string): string {
  if (isShareUnit(unit)) return formatPercent(x);
  // Units that read badly after a number ("200 currency", "0.3 ratio -1..1", "4 score 1-5") are left out.
  if (unit === "" || unit === "value" || unit === "currency" || /^(score|ratio)\b/.test(unit))
    return formatNumber(x);
  return `${formatNumber(x)} ${unit}`;
}

/** True for units that hold a 0–1 share. */
export function isShareUnit(unit: string): boolean {
  return unit === "share" || unit === "fraction" || unit === "proportion";
}

/** "3.1× the average" / "0.4× the average"; null when there is no lift. */
export function formatLift(lift: number | null): string | null {
  if (lift === null || !Number.isFinite(lift)) return null;
  return `${formatNumber(lift)}× the average`;
}

/** "count_add_to_cart" → "Add To Cart"; "weekend" → "Weekend". */
export function titleCase(s: string): string {
  return s
    .split(/[_\s-]+/)
    .filter((w) => w.length > 0)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");
}
