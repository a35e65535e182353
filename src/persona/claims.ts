import type { FeatureTable } from "../features/types.js";
import { cohensD, cohensH, columnStats, moments } from "../profile/stats.js";
import * as msg from "./messages.js";

/**
 * A word of the lexicon and the bound its numbers must meet (see {@link LEXICON}):
 * - `more` / `less`: the segment's value is above / below the population's;
 * - `far more` / `far less`: and the lift passes {@link LEXICON}.farLift (or its inverse) and
 *   |effect size| passes {@link LEXICON}.farEffect;
 * - `mostly`: a share above 50 %; `mostly not`: a share below 50 %;
 * - `recently`: a median of at most {@link LEXICON}.recentDays days; `long ago`: above it;
 * - `rising` / `falling`: a trend above 0 and above the population's (below 0 and below it).
 */
export type LexiconWord =
  | "more"
  | "less"
  | "far more"
  | "far less"
  | "mostly"
  | "mostly not"
  | "recently"
  | "long ago"
  | "rising"
  | "falling";

/** The bounds behind the words. Documented in the README; verifyClaims checks them. */
export const LEXICON = {
  /** "far more" needs segment / population ≥ 1.5 ("far less": ≤ 1 / 1.5). */
  farLift: 1.5,
  /** … and |effect size| ≥ 0.8 ("large", Cohen 1988). */
  farEffect: 0.8,
  /** "mostly" = a share above 0.5. */
  mostly: 0.5,
  /** "recently" = a median within 30 days, in absolute days. */
  recentDays: 30,
} as const;

/** Where a claim's words appear. */
export type ClaimUse = "name" | "description" | "evidence" | "play";

/**
 * One checkable statement about a segment: plain JSON, stored per persona in model.json. Every
 * name, description, evidence line and play is built from claims; verifyClaims recomputes them.
 */
export interface Claim {
  /** A clustered-on or profiled feature, a profiled attribute level, or an outcome. */
  subject: "feature" | "attribute" | "outcome";
  /** Feature, attribute or outcome column. */
  name: string;
  /** The attribute level (subject "attribute"), else null. */
  level: string | null;
  /** Feature family ("activity", "recency" …; "attribute" / "outcome" otherwise). */
  family: string;
  /** Mean of the values, median of the values, or share of users with `level`. */
  statistic: "mean" | "median" | "share";
  segment: number;
  segmentValue: number;
  populationValue: number;
  unit: string;
  direction: "higher" | "lower";
  /** The word the text uses, whose bound the numbers meet. */
  word: LexiconWord;
  /** Cohen's d (mean, median claims use the d of the values) or h (share) against the rest. */
  effectSize: number;
  /** segmentValue / populationValue, or null when the population value is 0. */
  lift: number | null;
  /** Users the segment value is computed on. */
  n: number;
  usedIn: ClaimUse[];
}

/** What verifyClaims recomputes claims from. */
export interface ClaimData {
  /** The feature table the model was discovered on (features and attributes). */
  table: FeatureTable;
  /** Segment per user (the assignments). */
  labels: Int32Array | number[];
  /** 1 = the user was left out of the statistics (atypical users). Default none. */
  exclude?: Uint8Array;
}

/** Result of {@link verifyClaims}. */
export interface ClaimCheck {
  /** Claims checked. */
  checked: number;
  /** One message per claim that does not hold (empty when all hold). */
  failures: string[];
}

/** What verifyClaims reads from a model: its personas' claims. */
export interface ClaimsHolder {
  personas: readonly { name: string; segmentId?: number; segment?: number; claims?: Claim[] }[];
}

const close = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * True when the numbers meet the word's bound (see {@link LEXICON}).
 *
 * @param c - the claim's word, values, lift and effect size.
 * @returns whether the word may be said.
 * @example
 * wordHolds({ word: "mostly", segmentValue: 0.35, populationValue: 0.2, lift: 1.75, effectSize: 0.3 }); // => false
 */
export function wordHolds(
  c: Pick<Claim, "word" | "segmentValue" | "populationValue" | "lift" | "effectSize">,
): boolean {
  const up = c.segmentValue > c.populationValue;
  const down = c.segmentValue < c.populationValue;
  switch (c.word) {
    case "more":
      return up;
    case "less":
      return down;
    case "far more":
      return (
        up && c.lift !== null && c.lift >= LEXICON.farLift && c.effectSize >= LEXICON.farEffect
      );
    case "far less":
      return (
        down &&
        c.lift !== null &&
        c.lift <= 1 / LEXICON.farLift &&
        c.effectSize <= -LEXICON.farEffect
      );
    case "mostly":
      return c.segmentValue > LEXICON.mostly;
    case "mostly not":
      return c.segmentValue < LEXICON.mostly;
    case "recently":
      return c.segmentValue <= LEXICON.recentDays;
    case "long ago":
      return c.segmentValue > LEXICON.recentDays;
    case "rising":
      return c.segmentValue > 0 && up;
    case "falling":
      return c.segmentValue < 0 && down;
  }
}

/**
 * The strongest comparative word the numbers allow for a direction: "far more" when the lift
 * and the effect size pass the lexicon's bounds, else "more" (and the same for "less").
 *
 * @example
 * comparativeWord({ direction: "higher", lift: 3.1, effectSize: 1.4 }); // => "far more"
 */
export function comparativeWord(c: {
  direction: "higher" | "lower";
  lift: number | null;
  effectSize: number;
  segmentValue: number;
  populationValue: number;
}): LexiconWord {
  const far: LexiconWord = c.direction === "higher" ? "far more" : "far less";
  if (wordHolds({ ...c, word: far })) return far;
  return c.direction === "higher" ? "more" : "less";
}

/**
 * Recomputes every claim of every persona from the features and the assignments — the segment
 * and population values (mean, median or share, atypical users left out as given), n, the
 * effect size and the lift — and checks that each equals what the model stores and that its
 * word's bound (see {@link LEXICON}) holds. Also checks that no persona describes an engagement
 * family as higher while showing a feature of it as lower (or the reverse).
 *
 * @param model - a model (or anything with personas carrying `claims`).
 * @param data - the feature table, the labels and the users left out of statistics.
 * @returns the number of claims checked and one message per failure.
 * @example
 * verifyClaims(run.model, { table: run.table, labels: run.labels, exclude: run.atypical.flags }).failures; // => []
 */
export function verifyClaims(model: ClaimsHolder, data: ClaimData): ClaimCheck {
  const { table, labels } = data;
  const n = table.ids.length;
  const kept = (i: number): boolean => !data.exclude || data.exclude[i] === 0;
  const failures: string[] = [];
  let checked = 0;
  for (const p of model.personas) {
    const segment = p.segmentId ?? p.segment ?? -1;
    for (const c of p.claims ?? []) {
      checked++;
      const where = `${p.name}: ${c.name}${c.level === null ? "" : `=${c.level}`}`;
      if (c.segment !== segment) {
        failures.push(msg.claimFailed(where, `claims segment ${c.segment}, persona is ${segment}`));
        continue;
      }
      const seg: number[] = [];
      const rest: number[] = [];
      const all: number[] = [];
      if (c.statistic === "share") {
        const a =
          c.subject === "attribute" ? table.attributes.find((x) => x.name === c.name) : undefined;
        if (!a) {
          failures.push(msg.claimFailed(where, "no such attribute in the data"));
          continue;
        }
        for (let i = 0; i < n; i++) {
          if (!kept(i)) continue;
          const v = (a.values[i] ?? "(missing)") === c.level ? 1 : 0;
          all.push(v);
          (labels[i] === segment ? seg : rest).push(v);
        }
      } else {
        const j = table.featureNames.indexOf(c.name);
        if (j < 0) {
          failures.push(msg.claimFailed(where, "no such feature in the data"));
          continue;
        }
        const col = table.columns[j]!;
        for (let i = 0; i < n; i++) {
          if (!kept(i) || Number.isNaN(col[i]!)) continue;
          all.push(col[i]!);
          (labels[i] === segment ? seg : rest).push(col[i]!);
        }
      }
      const sStats = columnStats(Float64Array.from(seg));
      const pStats = columnStats(Float64Array.from(all));
      const pick = (s: typeof sStats): number | null =>
        c.statistic === "median" ? s.median : s.mean;
      const sv = pick(sStats);
      const pv = pick(pStats);
      if (sv === null || pv === null) {
        failures.push(msg.claimFailed(where, "no values to compute it from"));
        continue;
      }
      const sm = moments(seg);
      const pm = moments(all);
      const rm = moments(rest);
      const effect =
        c.statistic === "share"
          ? seg.length > 0 && rest.length > 0
            ? cohensH(sm.mean, rm.mean)
            : 0
          : cohensD(sm, rm, pm.n > 1 ? Math.sqrt(pm.ss / (pm.n - 1)) : 0);
      const lift = pv === 0 ? null : sv / pv;
      const mismatch: string[] = [];
      if (!close(sv, c.segmentValue))
        mismatch.push(`segment value ${sv} ≠ stored ${c.segmentValue}`);
      if (!close(pv, c.populationValue))
        mismatch.push(`population value ${pv} ≠ stored ${c.populationValue}`);
      if (seg.length !== c.n) mismatch.push(`n ${seg.length} ≠ stored ${c.n}`);
      if (!close(effect, c.effectSize))
        mismatch.push(`effect size ${effect} ≠ stored ${c.effectSize}`);
      if (mismatch.length > 0) {
        failures.push(msg.claimFailed(where, mismatch.join(", ")));
        continue;
      }
      const holds = wordHolds({
        word: c.word,
        segmentValue: sv,
        populationValue: pv,
        lift,
        effectSize: effect,
      });
      if (!holds)
        failures.push(
          msg.claimFailed(
            where,
            `"${c.word}" does not hold: ${c.statistic} ${sv} vs ${pv} overall (lift ${lift === null ? "n/a" : lift.toFixed(3)}, effect size ${effect.toFixed(3)})`,
          ),
        );
    }
    // A sentence about a family must not contradict a number of the same family beside it.
    const claims = p.claims ?? [];
    for (const c of claims) {
      if (!c.usedIn.includes("name") && !c.usedIn.includes("description")) continue;
      const fam = ENGAGEMENT.has(c.family) ? "engagement" : null;
      if (fam === null) continue;
      const other = claims.find(
        (o) => o !== c && ENGAGEMENT.has(o.family) && o.direction !== c.direction,
      );
      if (other)
        failures.push(
          msg.claimFailed(
            `${p.name}: ${c.name}`,
            `the text says activity is ${c.direction} but ${other.name} beside it is ${other.direction}`,
          ),
        );
    }
  }
  return { checked, failures };
}

/** Feature families that all speak to "how active" (one theme in names and descriptions). */
export const ENGAGEMENT = new Set(["activity", "sessions", "frequency"]);
