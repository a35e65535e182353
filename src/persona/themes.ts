import type { SegmentTrait } from "../profile/index.js";
import { titleCase } from "./format.js";

/**
 * The vocabulary of persona names: a trait of a known feature family becomes a theme with a
 * standalone name ("Power Users"), an adjective ("Power") and a noun ("Regulars") to combine
 * with another theme ("Fading Regulars"), and a phrase for the one-line description.
 * Internal to the persona stage.
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
  /** Generic table features: names come from feature names ("High CASH_ADVANCE"). */
  generic: boolean;
  trait: SegmentTrait;
}

type Words = Omit<Theme, "key" | "trait" | "generic">;

const ENGAGEMENT = new Set(["activity", "sessions", "frequency"]);

const WORDS: Record<string, Words> = {
  "engagement:higher": {
    name: "Power Users",
    adjective: "Power",
    noun: "Regulars",
    phrase: "are far more active than average",
    adjectival: false,
  },
  "engagement:lower": {
    name: "Casual Users",
    adjective: "Casual",
    noun: "Browsers",
    phrase: "use the product much less than average",
    adjectival: false,
  },
  "dormant:higher": {
    name: "Dormant",
    adjective: "Dormant",
    noun: "Lapsed Users",
    phrase: "have not been seen for a long time",
    adjectival: true,
  },
  "dormant:lower": {
    name: "Recently Active Users",
    adjective: "Recently Active",
    noun: "Actives",
    phrase: "were active very recently",
    adjectival: true,
  },
  "tenure:lower": {
    name: "Newcomers",
    adjective: "New",
    noun: "Newcomers",
    phrase: "joined recently",
    adjectival: true,
  },
  "tenure:higher": {
    name: "Veterans",
    adjective: "Veteran",
    noun: "Veterans",
    phrase: "have been around for a long time",
    adjectival: true,
  },
  "breadth:higher": {
    name: "Explorers",
    adjective: "Exploring",
    noun: "Explorers",
    phrase: "use many different features",
    adjectival: false,
  },
  "breadth:lower": {
    name: "Focused Users",
    adjective: "Focused",
    noun: "Specialists",
    phrase: "stick to a few features",
    adjectival: false,
  },
  "value:higher": {
    name: "Big Spenders",
    adjective: "Big-Spending",
    noun: "Big Spenders",
    phrase: "spend far more than average",
    adjectival: false,
  },
  "value:lower": {
    name: "Low Spenders",
    adjective: "Low-Spend",
    noun: "Low Spenders",
    phrase: "spend less than average",
    adjectival: false,
  },
  "purchases:higher": {
    name: "Frequent Buyers",
    adjective: "Frequent",
    noun: "Buyers",
    phrase: "order far more often than average",
    adjectival: false,
  },
  "purchases:lower": {
    name: "Occasional Buyers",
    adjective: "Occasional",
    noun: "Buyers",
    phrase: "order rarely",
    adjectival: false,
  },
  "trend:higher": {
    name: "Rising Users",
    adjective: "Rising",
    noun: "Risers",
    phrase: "are growing their activity",
    adjectival: true,
  },
  "trend:lower": {
    name: "Fading Users",
    adjective: "Fading",
    noun: "Faders",
    phrase: "are losing activity",
    adjectival: true,
  },
};

/** Time-of-week words: feature prefix → [adjective, standalone name, "active …" phrase]. */
const TIMES: Record<string, [string, string, string]> = {
  weekend: ["Weekend", "Weekend Users", "at weekends"],
  weekday: ["Weekday", "Weekday Users", "on weekdays"],
  night: ["Night", "Night Owls", "at night"],
  morning: ["Morning", "Early Birds", "in the morning"],
  afternoon: ["Afternoon", "Afternoon Users", "in the afternoon"],
  evening: ["Evening", "Evening Users", "in the evening"],
};

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

/**
 * The theme a trait speaks to, or null when it has no naming value (e.g. a low share of one time
 * slot). Recency features measured in time units ("days since the last event") mean dormant
 * when higher; recency scores (RFM R, higher = more recent) mean the opposite.
 */
export function themeOf(trait: SegmentTrait): Theme | null {
  const dir = trait.direction;
  const make = (key: string, w: Words, generic = false): Theme => ({ key, ...w, generic, trait });
  if (trait.kind === "attribute") {
    const level = trait.level ?? "";
    // Capitalise the first letter only: "free" → "Free", but "iOS" stays "iOS".
    const word =
      /^[a-z]/.test(level) && !/[A-Z]/.test(level)
        ? level[0]!.toUpperCase() + level.slice(1)
        : level;
    return make(`attribute:${trait.name}=${level}`, {
      name: `${word} Users`,
      adjective: word,
      noun: `${word} Users`,
      phrase: `are mostly ${level} (${trait.name})`,
      adjectival: true,
    });
  }
  const family = trait.family;
  if (ENGAGEMENT.has(family)) return make(`engagement:${dir}`, WORDS[`engagement:${dir}`]!);
  if (family === "recency") {
    const timeUnit = /day|hour|week|month|minute|second/i.test(trait.unit);
    const dormant = timeUnit ? dir : dir === "higher" ? "lower" : "higher";
    return make(`dormant:${dormant}`, WORDS[`dormant:${dormant}`]!);
  }
  if (family === "value") {
    // RFM-style value features: a recency score (higher = more recent) and order counts speak to
    // recency and purchase frequency, not to spend.
    const text = `${trait.name} ${trait.description}`;
    if (/recen/i.test(text)) {
      const dormant = dir === "higher" ? "lower" : "higher";
      return make(`dormant:${dormant}`, WORDS[`dormant:${dormant}`]!);
    }
    if (trait.unit === "orders" || /frequen/i.test(text))
      return make(`purchases:${dir}`, WORDS[`purchases:${dir}`]!);
  }
  if (family === "tenure" || family === "breadth" || family === "value" || family === "trend") {
    return make(`${family}:${dir}`, WORDS[`${family}:${dir}`]!);
  }
  if (family === "time_mix") {
    const slot = Object.keys(TIMES).find((t) => trait.name.toLowerCase().includes(t));
    if (dir === "lower") {
      // Less weekend means weekdays; a low share of any other slot says little.
      if (slot !== "weekend") return null;
      const [adj, name, when] = TIMES.weekday!;
      return make("time:weekday", {
        name,
        adjective: adj,
        noun: "Users",
        phrase: `are mostly active ${when}`,
        adjectival: true,
      });
    }
    const [adj, name, when] = slot
      ? TIMES[slot]!
      : [titleCase(trait.name.replace(/_?share$/, "")), "", ""];
    return make(`time:${slot ?? trait.name}`, {
      name: name || `${adj} Users`,
      adjective: adj,
      noun: "Users",
      phrase: when
        ? `are mostly active ${when}`
        : `do much of their activity in ${adj.toLowerCase()}`,
      adjectival: true,
    });
  }
  if (family === "events") {
    if (dir === "lower") return null;
    const label = titleCase(trait.name.replace(/^(count|share|n|rate)_/, ""));
    return make(`events:${trait.name.replace(/^(count|share|n|rate)_/, "")}`, {
      name: `${label} Fans`,
      adjective: `${label}-Heavy`,
      noun: `${label} Fans`,
      phrase: `use ${label.toLowerCase()} a lot`,
      adjectival: true,
    });
  }
  // "table" (no family semantics) and numeric "attribute" columns: names from the feature name.
  const hl = dir === "higher" ? "High" : "Low";
  return make(
    `table:${trait.name}:${dir}`,
    {
      name: `${hl} ${trait.name}`,
      adjective: `${hl} ${trait.name}`,
      noun: `${hl} ${trait.name}`,
      phrase: `have ${dir === "higher" ? "high" : "low"} ${trait.name}`,
      adjectival: false,
    },
    true,
  );
}
