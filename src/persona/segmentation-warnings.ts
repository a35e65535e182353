import type { SegmentProfiles } from "../profile/index.js";
import type { Persona } from "./name-personas.js";
import * as msg from "./messages.js";

/** Options of {@link segmentationWarnings}. */
export interface SegmentationWarningsOptions {
  /** Most segments a team can act on. Default 7. */
  maxActionable?: number;
  /** Share below which a segment is tiny. Default 0.02. */
  minShare?: number;
  /** |effect size| below which no trait is actionable. Default 0.5 (the naming threshold). */
  minEffect?: number;
  /** |effect size| from which a tiny segment counts as distinctive. Default 0.8 ("large", Cohen 1988). */
  distinctEffect?: number;
  /** Personas, to name segments in the warnings. Default "segment <id>" only. */
  personas?: Persona[];
  /** Mean bootstrap Jaccard per segment; segments below minStability are warned about. Default none. */
  stability?: (number | null)[];
  /** Default 0.6 (Hennig 2007: below 0.6 a cluster should not be trusted). */
  minStability?: number;
}

/**
 * The common segmentation mistakes as warnings: more segments than a team can act on; a
 * segment with no actionable difference (every |effect size| below minEffect); a tiny segment
 * (share below minShare) — flagged as distinctive and kept when a trait reaches distinctEffect,
 * never merged away; and, when stability is given, unstable segments (Hennig 2007).
 *
 * @param profiles - Output of profileSegments.
 * @param options - See {@link SegmentationWarningsOptions}.
 * @returns Warning texts (see messages.ts), in segment order after the global one.
 * @throws RangeError for a bad option value.
 * @example
 * segmentationWarnings(profiles, { maxActionable: 3 }); // => ["9 segments is more than a team can act on …"]
 */
export function segmentationWarnings(
  profiles: SegmentProfiles,
  options: SegmentationWarningsOptions = {},
): string[] {
  const maxActionable = options.maxActionable ?? 7;
  const minShare = options.minShare ?? 0.02;
  const minEffect = options.minEffect ?? 0.5;
  const distinctEffect = options.distinctEffect ?? 0.8;
  const minStability = options.minStability ?? 0.6;
  if (!Number.isInteger(maxActionable) || maxActionable < 1) {
    throw new RangeError(msg.badOption("maxActionable", maxActionable, "an integer >= 1"));
  }
  if (!(minShare >= 0 && minShare < 1))
    throw new RangeError(msg.badOption("minShare", minShare, ">= 0 and < 1"));
  if (!(minEffect > 0)) throw new RangeError(msg.badOption("minEffect", minEffect, "> 0"));
  if (!(distinctEffect > 0))
    throw new RangeError(msg.badOption("distinctEffect", distinctEffect, "> 0"));

  const warnings: string[] = [];
  if (profiles.k > maxActionable) warnings.push(msg.tooManySegments(profiles.k, maxActionable));
  for (const seg of profiles.segments) {
    const name =
      options.personas?.find((p) => p.segment === seg.segment)?.name ?? `segment ${seg.segment}`;
    const top = strongest(
      seg.features
        .map((f) => ({ label: f.name, effect: f.effectSize }))
        .concat(
          seg.attributes.flatMap((a) =>
            a.levels.map((l) => ({ label: `${a.name}=${l.level}`, effect: l.effectSize })),
          ),
        ),
    );
    if (seg.share < minShare) {
      if (Math.abs(top.effect) >= distinctEffect) {
        warnings.push(
          msg.tinyDistinctiveSegment(seg.segment, name, seg.share, top.label, top.effect),
        );
      } else {
        warnings.push(msg.tinySegment(seg.segment, name, seg.share, minShare));
      }
    } else if (Math.abs(top.effect) < minEffect) {
      warnings.push(msg.noActionableDifference(seg.segment, name, Math.abs(top.effect), minEffect));
    }
    const stability = options.stability?.[seg.segment];
    if (stability !== undefined && stability !== null && stability < minStability) {
      warnings.push(msg.unstableSegment(seg.segment, name, stability, minStability));
    }
  }
  return warnings;
}

function strongest(items: { label: string; effect: number }[]): { label: string; effect: number } {
  let best = { label: "", effect: 0 };
  for (const it of items) if (Math.abs(it.effect) > Math.abs(best.effect)) best = it;
  return best;
}
