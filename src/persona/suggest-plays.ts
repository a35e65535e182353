import type { SegmentProfile } from "../profile/index.js";
import { formatPercent } from "./format.js";
import { evidenceLine } from "./evidence.js";
import type { Persona } from "./name-personas.js";
import { formatDays, themeOf, type DataKind, type Theme, type ValueKind } from "./themes.js";

/** A suggested action for a segment, with the data it follows from. */
export interface Play {
  title: string;
  action: string;
  /** The numbers behind the suggestion. */
  because: string[];
}

/** Options of {@link suggestPlays}. */
export interface SuggestPlaysOptions {
  /** Smallest |effect size| for a trait to trigger a play. Default 0.5. */
  minEffect?: number;
  /** Attribute levels that mean a free or entry plan (for upgrade prompts). Default /free|trial|basic|starter/i. */
  freePlan?: RegExp;
  /** Smallest share of a free-plan level (also above its overall share) that makes heavy users "heavy free users". Default 0.3. */
  minFreeShare?: number;
  /** The kind of input (purchase logs get buyer plays, rating logs no spend plays). Default "events". */
  dataKind?: DataKind;
  /** What the value column measures: spend plays only for money. Default "money". */
  valueKind?: ValueKind;
  /** The features clustered on: only their traits trigger plays. Default every feature. */
  clusterOn?: string[];
}

const CHURN = /churn|cancel|lapse|lost|attrit/i;
const CONVERT = /conver|upgrad|retain|renew|purchas/i;

/**
 * Suggests plays that follow from a segment's traits and attribute mix — onboarding for new
 * users, re-engagement for fading ones, win-back for dormant ones, upgrade prompts for heavy
 * users on a free plan, VIP care for big spenders, timing for time patterns, a retention
 * priority when a churn-like outcome is high — each with the numbers it rests on. A segment
 * without traits gets one play: use it as the baseline.
 *
 * @param segment - The segment's profile.
 * @param persona - Its persona (for `typical`).
 * @param options - See {@link SuggestPlaysOptions}.
 * @returns Plays, strongest trait first.
 * @example
 * suggestPlays(profile, persona).map((p) => p.title); // => ["Upgrade prompt", "VIP care"]
 */
export function suggestPlays(
  segment: SegmentProfile,
  persona: Persona,
  options: SuggestPlaysOptions = {},
): Play[] {
  const minEffect = options.minEffect ?? 0.5;
  const freePlan = options.freePlan ?? /free|trial|basic|starter/i;
  const minFreeShare = options.minFreeShare ?? 0.3;
  const dataKind = options.dataKind ?? "events";
  const valueKind = options.valueKind === undefined ? "money" : options.valueKind;
  const money = valueKind === "money" && dataKind !== "ratings";
  const clusterOn = options.clusterOn ? new Set(options.clusterOn) : null;
  const themes: Theme[] = [];
  for (const t of segment.traits) {
    if (Math.abs(t.effectSize) < minEffect) continue;
    if (clusterOn !== null && !clusterOn.has(t.name)) continue;
    const th = themeOf(t, { segment, dataKind, valueKind });
    if (th && !themes.some((x) => x.key === th.key)) themes.push(th);
  }
  const has = (key: string): Theme | undefined => themes.find((t) => t.key === key);
  const plays: Play[] = [];
  const add = (title: string, action: string, because: string[]): void => {
    if (!plays.some((p) => p.title === title)) plays.push({ title, action, because });
  };
  const why = (t: Theme): string =>
    t.statistic === "median"
      ? `${evidenceLine(t.trait)}; median ${formatDays(t.value)}`
      : evidenceLine(t.trait);

  if (persona.typical || themes.length === 0) {
    add(
      "Baseline",
      "No behaviour sets this segment apart: use it as the control group for experiments rather than as a campaign target.",
      [`no trait reaches |effect size| ${minEffect}`],
    );
  }
  for (const t of themes) {
    const family = t.key.split(":")[0];
    if (t.key === "dormant:higher" && t.value >= 365) {
      add(
        "Let go",
        `Gone for a median of ${formatDays(t.value)}: no onboarding or discounts; at most one low-cost reactivation message, then take them out of active targeting.`,
        [why(t)],
      );
    } else if (t.key === "dormant:higher") {
      add(
        "Win-back",
        "Send a win-back offer or a short survey on why they left; measure returns against a hold-out group.",
        [why(t)],
      );
    } else if (t.key === "trend:lower" && !has("dormant:higher")) {
      add(
        "Re-engagement",
        "Reach out before they lapse: trigger on the first drop in weekly activity and remind them of what they used most.",
        [why(t)],
      );
    } else if (t.key === "tenure:lower") {
      const broad = has("breadth:higher");
      add(
        "Onboarding",
        broad
          ? "They already try many features: show the advanced ones and a checklist that turns exploring into a habit."
          : "Lead them to the first moment of value: a short checklist, in-app tips and a follow-up in the first week.",
        broad ? [why(t), why(broad)] : [why(t)],
      );
    } else if (t.key === "engagement:higher" && !has("trend:lower") && !has("dormant:higher")) {
      // "Heavy free users": a free-plan level that is both common in the segment and over-represented.
      const free = segment.attributes.flatMap((a) =>
        a.levels
          .filter(
            (l) => freePlan.test(l.level) && l.share >= minFreeShare && l.share > l.populationShare,
          )
          .map((l) => ({ a, l })),
      )[0];
      if (free) {
        add(
          "Upgrade prompt",
          "Heavy users on a free plan: show the paid features where they hit limits, at the moment they hit them.",
          [
            why(t),
            `${formatPercent(free.l.share)} ${free.l.level} (${free.a.name}) vs ${formatPercent(free.l.populationShare)} overall`,
          ],
        );
      } else {
        add(
          "Advocacy",
          "Invite them to beta programmes, referrals and reviews; ask for their feedback on the roadmap.",
          [why(t)],
        );
      }
    } else if (t.key === "engagement:lower" && !has("dormant:higher")) {
      add(
        "Activation",
        "Nudge them towards the core action, at the time they are usually active, and show what active users get from it.",
        [why(t)],
      );
    } else if (t.key === "value:higher" && !money) {
      add(
        valueKind === "score" || dataKind === "ratings" ? "Ask for reviews" : "Recognise volume",
        valueKind === "score" || dataKind === "ratings"
          ? "They score above average: invite them to review, recommend and refer."
          : "Their volume is above average: recognise it and ask what would make them do more.",
        [why(t)],
      );
    } else if (t.key === "value:lower" && !money) {
      add(
        valueKind === "score" || dataKind === "ratings" ? "Listen to critics" : "Volume check",
        valueKind === "score" || dataKind === "ratings"
          ? "They score below average: ask what disappoints them before acting on it."
          : "Their volume is below average: find out whether they need less or get less.",
        [why(t)],
      );
    } else if (t.key === "value:higher") {
      add(
        "VIP care",
        "Dedicated support, early access and loyalty rewards; watch them first for signs of churn.",
        [why(t)],
      );
    } else if (t.key === "value:lower") {
      add(
        "Basket growth",
        "Offer bundles or a spend threshold for a reward to raise the value per order.",
        [why(t)],
      );
    } else if (t.key === "breadth:lower") {
      add("Feature discovery", "Show contextual tips for the features next to the few they use.", [
        why(t),
      ]);
    } else if (t.key === "trend:higher") {
      add("Momentum", "Reinforce the growing habit with milestones and timely recognition.", [
        why(t),
      ]);
    } else if (family === "time") {
      add("Timing", `Schedule messages and releases for when they are active: they ${t.phrase}.`, [
        why(t),
      ]);
    } else if (family === "events") {
      add(
        `${t.adjective.replace(/-Heavy$/, "")} focus`,
        `Build on what they use most: related features, content and offers around ${t.adjective.replace(/-Heavy$/, "").toLowerCase()}.`,
        [why(t)],
      );
    } else if (t.generic && !plays.some((p) => p.title.startsWith("Start from"))) {
      // A generic column has no product meaning we know of: say what defines the segment, not what to do.
      const level = t.trait.direction === "higher" ? "high" : "low";
      add(
        `Start from ${t.trait.name}`,
        `Their most distinctive trait is ${level} ${t.name.replace(/^(High|Low) /, "")}; the column has no known product meaning, so choose the action with someone who knows it.`,
        [why(t)],
      );
    }
  }
  for (const o of segment.outcomes) {
    if (o.kind !== "binary" || o.value === null || o.populationValue === null || o.lift === null)
      continue;
    const line = `${o.name}: ${formatPercent(o.value)} vs ${formatPercent(o.populationValue)} overall`;
    if (CHURN.test(o.name) && o.lift >= 1.25) {
      add(
        "Retention priority",
        "Their churn is well above average: put them first in retention work and find out what breaks for them.",
        [line],
      );
    } else if (CONVERT.test(o.name) && o.lift >= 1.25) {
      add(
        "Learn from them",
        "They convert well above average: study their first steps and copy them into onboarding for others.",
        [line],
      );
    }
  }
  return plays;
}
