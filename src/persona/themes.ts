import type { SegmentProfile, SegmentTrait } from "../profile/index.js";
import { comparativeWord, ENGAGEMENT, type LexiconWord } from "./claims.js";
import { formatNumber, titleCase } from "./format.js";

/** The kind of input (from the load report): decides the vocabulary. */
export type DataKind = "events" | "purchases" | "ratings" | "table";
/** What the value column measures (from the load report or `--value-kind`). */
export type ValueKind = "money" | "score" | "count" | null;

/**
 * The vocabulary of persona names: a trait of a known feature family becomes a theme with a
 * standalone name ("Power Users"), an adjective ("Power") and a noun ("Regulars") to combine
 * with another theme ("Fading Regulars"), and a phrase for the one-line description. Each theme
 * rests on one claim — its trait, a statistic and the lexicon word whose bound the numbers meet
 * (see claims.ts); a theme whose word's bound fails is not formed. Internal to the persona stage.
 */
export interface Theme {
  /** Family and direction, e.g. "engagement:higher"; two traits with the same key say the same thing. */
  key: string;
  name: string;
  adjective: string;
  noun: string;
  /** Completes "Users who …". */
  phrase: string;
  /** Adjectival themes lead a composed name ("New" + "Explorers"); nominal ones end it. */
  adjectival: boolean;
  /** Generic table features: names come from humanized column names ("High income"). */
  generic: boolean;
  trait: SegmentTrait;
  /** The claim's statistic and word. */
  statistic: "mean" | "median";
  word: LexiconWord;
  /** The statistic's value in the segment (the median for recency and tenure). */
  value: number;
  populationValue: number;
}

/** What a theme is formed in: the segment (for medians) and the data's vocabulary. */
export interface ThemeContext {
  segment: SegmentProfile;
  dataKind: DataKind;
  valueKind: ValueKind;
}

type Words = Pick<Theme, "name" | "adjective" | "noun" | "phrase" | "adjectival">;

/** A humanized column label: "annual_income_k" → "annual income", "PURCHASES_TRX" → "purchases trx". */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[_\s\-.()$%/]+/)
    .filter((w) => w.length > 0)
    .map((w) => (/^[A-Z0-9]+$/.test(w) && w.length > 3 ? w.toLowerCase() : w));
  // Trailing unit tokens ("k", "usd", "1 100") name the unit, not the measure.
  while (
    words.length > 1 &&
    /^(k|usd|eur|gbp|pct|percent|num|nr|cm|mm|kg|\d+)$/i.test(words[words.length - 1]!)
  )
    words.pop();
  return words.map((w) => (/^[A-Z][a-z]/.test(w) ? w.toLowerCase() : w)).join(" ");
}

/** "3.6 years", "45 days": a median number of days in absolute units. */
export function formatDays(days: number): string {
  if (days >= 365) return `${formatNumber(days / 365.25)} years`;
  return `${formatNumber(days)} days`;
}

const isDays = (unit: string): boolean => /^days?\b/i.test(unit);

/** Pairs of themes where the second adds nothing to the first ("Dormant" users are of course less active). */
const REDUNDANT = new Set([
  "dormant:higher|engagement:lower",
  "dormant:higher|purchases:lower",
  "dormant:higher|trend:lower",
  "dormant:lower|engagement:higher",
  "trend:lower|dormant:higher",
  "engagement:lower|dormant:higher",
]);

/** True when theme b says nothing new after theme a. */
export function redundant(a: Theme, b: Theme): boolean {
  return a.key === b.key || REDUNDANT.has(`${a.key}|${b.key}`);
}

/** Time-of-week words: feature prefix → [adjective, standalone name, "active …" phrase]. */
const TIMES: Record<string, [string, string, string]> = {
  weekend: ["Weekend", "Weekend Users", "at weekends"],
  night: ["Night", "Night Owls", "at night"],
  morning: ["Morning", "Early Birds", "in the morning"],
  afternoon: ["Afternoon", "Afternoon Users", "in the afternoon"],
  evening: ["Evening", "Evening Users", "in the evening"],
};

/**
 * The theme a feature trait speaks to, or null when it has no naming value or when the word
 * its name needs does not hold (a "recently active" segment whose median is 200 days is not
 * named so). Attribute traits never name a segment: they were not clustered on.
 */
export function themeOf(trait: SegmentTrait, ctx: ThemeContext): Theme | null {
  if (trait.kind !== "feature") return null;
  const dir = trait.direction;
  const cmp = comparativeWord({
    direction: dir,
    lift: trait.lift,
    effectSize: trait.effectSize,
    segmentValue: trait.value,
    populationValue: trait.populationValue,
  });
  const mean = (key: string, w: Words, word: LexiconWord = cmp, generic = false): Theme => ({
    key,
    ...w,
    generic,
    trait,
    statistic: "mean",
    word,
    value: trait.value,
    populationValue: trait.populationValue,
  });
  const median = (key: string, w: Words, word: LexiconWord, v: number, pv: number): Theme => ({
    key,
    ...w,
    generic: false,
    trait,
    statistic: "median",
    word,
    value: v,
    populationValue: pv,
  });
  const far = cmp.startsWith("far ") ? "far " : "";
  const family = trait.family;
  const fp = ctx.segment.features.find((f) => f.name === trait.name);
  const { dataKind, valueKind } = ctx;

  if (ENGAGEMENT.has(family)) {
    // One engagement theme only when every strong engagement trait points the same way.
    const mixed = ctx.segment.traits.some(
      (t) =>
        t.kind === "feature" &&
        ENGAGEMENT.has(t.family) &&
        t.direction !== dir &&
        Math.abs(t.effectSize) >= Math.abs(trait.effectSize) / 2,
    );
    if (mixed) return null;
    const more = dir === "higher";
    if (dataKind === "purchases")
      return mean(`engagement:${dir}`, {
        name: more ? "Frequent Buyers" : "Occasional Buyers",
        adjective: more ? "Frequent" : "Occasional",
        noun: "Buyers",
        phrase: `buy ${far}${more ? "more" : "less"} often than average`,
        adjectival: false,
      });
    if (dataKind === "ratings")
      return mean(`engagement:${dir}`, {
        name: more ? "Prolific Raters" : "Occasional Raters",
        adjective: more ? "Prolific" : "Occasional",
        noun: "Raters",
        phrase: `rate ${far}${more ? "more" : "less"} often than average`,
        adjectival: false,
      });
    return mean(`engagement:${dir}`, {
      name: more ? "Power Users" : "Casual Users",
      adjective: more ? "Power" : "Casual",
      noun: more ? "Regulars" : "Browsers",
      phrase: more
        ? `are ${far}more active than average`
        : `use the product ${far}less than average`,
      adjectival: false,
    });
  }
  if (family === "recency") {
    // Only a recency in days can be "recent" or "long ago" (a score has no days).
    if (!isDays(trait.unit) || !fp || fp.segment.median === null || fp.population.median === null)
      return null;
    const m = fp.segment.median;
    const pm = fp.population.median;
    if (dir === "lower") {
      if (!(m <= 30)) return null;
      return median(
        "dormant:lower",
        {
          name: "Recently Active Users",
          adjective: "Recently Active",
          noun: "Actives",
          phrase: `were last active a median of ${formatDays(m)} before the data ends`,
          adjectival: true,
        },
        "recently",
        m,
        pm,
      );
    }
    if (!(m > 30)) return null;
    return median(
      "dormant:higher",
      {
        name: m >= 365 ? "Long Gone" : "Dormant",
        adjective: m >= 365 ? "Long-Gone" : "Dormant",
        noun: "Lapsed Users",
        phrase: `were last seen a median of ${formatDays(m)} before the data ends`,
        adjectival: true,
      },
      "long ago",
      m,
      pm,
    );
  }
  if (family === "tenure") {
    if (dir === "lower") {
      if (!isDays(trait.unit) || !fp || fp.segment.median === null || !(fp.segment.median <= 30))
        return null;
      return median(
        "tenure:lower",
        {
          name: "Newcomers",
          adjective: "New",
          noun: "Newcomers",
          phrase: `joined recently (a median of ${formatDays(fp.segment.median)} before the data ends)`,
          adjectival: true,
        },
        "recently",
        fp.segment.median,
        fp.population.median!,
      );
    }
    return mean("tenure:higher", {
      name: "Veterans",
      adjective: "Veteran",
      noun: "Veterans",
      phrase: `have been around ${far}longer than average`,
      adjectival: true,
    });
  }
  if (family === "breadth")
    return mean(`breadth:${dir}`, {
      name: dir === "higher" ? "Explorers" : "Focused Users",
      adjective: dir === "higher" ? "Exploring" : "Focused",
      noun: dir === "higher" ? "Explorers" : "Specialists",
      phrase:
        dir === "higher"
          ? `use ${far}more different features than average`
          : `use ${far}fewer different features than average`,
      adjectival: false,
    });
  if (family === "trend") {
    // A trend in −1..1 (0 = flat) must have the sign it is named for; on other scales the
    // comparison with the average is the claim.
    const signed = /-1\.\.1/.test(trait.unit);
    const word: LexiconWord = !signed ? cmp : dir === "higher" ? "rising" : "falling";
    if (signed && (dir === "higher" ? !(trait.value > 0) : !(trait.value < 0))) return null;
    return mean(
      `trend:${dir}`,
      {
        name: dir === "higher" ? "Rising Users" : "Fading Users",
        adjective: dir === "higher" ? "Rising" : "Fading",
        noun: dir === "higher" ? "Risers" : "Faders",
        phrase: dir === "higher" ? "are growing their activity" : "are losing activity",
        adjectival: true,
      },
      word,
    );
  }
  if (family === "value") {
    const text = `${trait.name} ${trait.description}`;
    // RFM scores re-code recency, orders and value; the raw features speak for them.
    if (/^rfm_/.test(trait.name) || /recen/i.test(text)) return null;
    const more = dir === "higher";
    if (trait.unit === "orders" || /frequen/i.test(text))
      return mean(`purchases:${dir}`, {
        name: more ? "Frequent Buyers" : "Occasional Buyers",
        adjective: more ? "Frequent" : "Occasional",
        noun: "Buyers",
        phrase: `order ${far}${more ? "more" : "less"} often than average`,
        adjectival: false,
      });
    if (valueKind === "score" || dataKind === "ratings")
      return mean(`value:${dir}`, {
        name: more ? "Generous Raters" : "Harsh Raters",
        adjective: more ? "Generous" : "Harsh",
        noun: "Raters",
        phrase: `give ${far}${more ? "higher" : "lower"} scores than average`,
        adjectival: false,
      });
    if (valueKind === "count")
      return mean(`value:${dir}`, {
        name: more ? "High-Volume Users" : "Low-Volume Users",
        adjective: more ? "High-Volume" : "Low-Volume",
        noun: more ? "High-Volume Users" : "Low-Volume Users",
        phrase: `have ${far}${more ? "higher" : "lower"} volumes than average`,
        adjectival: false,
      });
    return mean(`value:${dir}`, {
      name: more ? "Big Spenders" : "Low Spenders",
      adjective: more ? "Big-Spending" : "Low-Spend",
      noun: more ? "Big Spenders" : "Low Spenders",
      phrase: `spend ${far}${more ? "more" : "less"} than average`,
      adjectival: false,
    });
  }
  if (family === "time_mix") {
    const slot = Object.keys(TIMES).find((t) => trait.name.toLowerCase().includes(t));
    if (dir === "lower") {
      // Less weekend means weekdays when most activity falls on weekdays; a low share of any
      // other slot says little.
      if (slot !== "weekend" || !(trait.value < 0.5)) return null;
      return mean(
        "time:weekday",
        {
          name: "Weekday Users",
          adjective: "Weekday",
          noun: "Users",
          phrase: "are mostly active on weekdays",
          adjectival: true,
        },
        "mostly not",
      );
    }
    const [adj, name, when] = slot
      ? TIMES[slot]!
      : [titleCase(trait.name.replace(/_?share$/, "")), "", ""];
    const mostly = trait.value > 0.5;
    const what = when || `in ${adj.toLowerCase()}`;
    return mean(
      `time:${slot ?? trait.name}`,
      {
        name: name || `${adj} Users`,
        adjective: adj,
        noun: "Users",
        phrase: mostly
          ? `are mostly active ${what}`
          : `are active ${what} ${far}more often than average`,
        adjectival: true,
      },
      mostly ? "mostly" : cmp,
    );
  }
  if (family === "events") {
    if (dir === "lower") return null;
    const label = titleCase(trait.name.replace(/^(count|share|n|rate)_/, ""));
    return mean(`events:${trait.name.replace(/^(count|share|n|rate)_/, "")}`, {
      name: `${label} Fans`,
      adjective: `${label}-Heavy`,
      noun: `${label} Fans`,
      phrase: `use ${label.toLowerCase()} ${far}more than average`,
      adjectival: true,
    });
  }
  // "table" (no family semantics) and numeric "attribute" columns: humanized column names.
  const label = humanize(trait.name);
  const hl = dir === "higher" ? "high" : "low";
  return mean(
    `table:${trait.name}:${dir}`,
    {
      name: `${hl[0]!.toUpperCase()}${hl.slice(1)} ${label}`,
      adjective: `${hl} ${label}`,
      noun: `${hl} ${label}`,
      phrase: `have ${hl} ${label}`,
      adjectival: false,
    },
    cmp,
    true,
  );
}
