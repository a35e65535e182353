import type { SegmentTrait } from "../profile/index.js";
import { formatLift, formatPercent, formatValue } from "./format.js";
import { humanize } from "./themes.js";

/** Evidence lines shared by names, plays and cards (internal, not re-exported). */

/** Readable label of a feature: generic table columns are humanized, others lose underscores. */
export function featureLabel(name: string, family: string): string {
  return family === "table" ? humanize(name) : name.replace(/_/g, " ");
}

/** "active days per week: 5.2 days/week vs 1.7 days/week overall (3.1× the average)". */
export function evidenceLine(t: SegmentTrait): string {
  if (t.kind === "attribute") {
    return `attribute ${t.name}: ${formatPercent(t.value)} ${t.level} vs ${formatPercent(t.populationValue)} overall`;
  }
  // A ratio of means only reads as "× the average" when both are on the positive side, and on a
  // scale with a true zero: not for scores (an RFM score runs 3–15, "1.5×" of it means nothing)
  // nor bounded ratios (a trend in −1..1).
  const ratioScale = !/^(score|ratio)\b/.test(t.unit);
  const lift = ratioScale && t.populationValue > 0 && t.value >= 0 ? formatLift(t.lift) : null;
  const line = `${featureLabel(t.name, t.family)}: ${formatValue(t.value, t.unit)} vs ${formatValue(t.populationValue, t.unit)} overall`;
  return lift ? `${line} (${lift})` : line;
}
