import { invalidSegmentId } from "./messages.js";
import type { SegmentLabel } from "./types.js";

/**
 * Twenty colours, the first ten Tableau 10 (Stone, 2008), then darker and lighter companions:
 * distinguishable for common colour-vision deficiencies in the first six, and never reassigned,
 * so a segment keeps its colour across every chart, report and notebook.
 */
export const SEGMENT_PALETTE: readonly string[] = Object.freeze([
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
  "#2b4c6f",
  "#b35f00",
  "#2f6b29",
  "#9e2a2d",
  "#3f7f7a",
  "#a88a00",
  "#7a4f70",
  "#c2616d",
  "#6a4d3d",
  "#7f7774",
]);

/**
 * The fixed colour of a segment id (the palette is indexed by id, wrapping after 20).
 *
 * @param segmentId - a non-negative integer segment id.
 * @returns a CSS hex colour.
 * @throws RangeError when `segmentId` is not a non-negative integer.
 * @example
 * segmentColor(0); // => "#4e79a7"
 * segmentColor(21); // => "#f28e2b"
 */
export function segmentColor(segmentId: number): string {
  if (!Number.isInteger(segmentId) || segmentId < 0) {
    throw new RangeError(invalidSegmentId(segmentId));
  }
  return SEGMENT_PALETTE[segmentId % SEGMENT_PALETTE.length]!;
}

/** A segment's display label, unique across the given segments. */
export interface LabelledSegment {
  segmentId: number;
  label: string;
  color: string;
}

/**
 * Display labels for segments, ordered by id: the persona name, made unique by appending
 * `(#id)` when two segments share a name (names come from people and may collide).
 *
 * @param segments - segment ids and names, in any order.
 * @returns one entry per segment, ordered by id, with its label and fixed colour.
 * @throws RangeError on a bad or duplicated segment id.
 * @example
 * labelSegments([{ segmentId: 1, name: "B" }, { segmentId: 0, name: "A" }]).map((s) => s.label);
 * // => ["A", "B"]
 */
export function labelSegments(segments: readonly SegmentLabel[]): LabelledSegment[] {
  const sorted = [...segments].sort((a, b) => a.segmentId - b.segmentId);
  const seen = new Set<number>();
  const nameCount = new Map<string, number>();
  for (const s of sorted) {
    segmentColor(s.segmentId);
    if (seen.has(s.segmentId)) throw new RangeError(invalidSegmentId(s.segmentId, "duplicated"));
    seen.add(s.segmentId);
    const name = s.name.trim() === "" ? `Segment ${s.segmentId}` : s.name;
    nameCount.set(name, (nameCount.get(name) ?? 0) + 1);
  }
  return sorted.map((s) => {
    const name = s.name.trim() === "" ? `Segment ${s.segmentId}` : s.name;
    const label = nameCount.get(name)! > 1 ? `${name} (#${s.segmentId})` : name;
    return { segmentId: s.segmentId, label, color: segmentColor(s.segmentId) };
  });
}

/**
 * The vega-lite colour scale that pins every segment label to its id's colour: the domain
 * lists the labels in id order and the range the matching colours, so adding or dropping a
 * segment never shifts the others' colours.
 *
 * @param labelled - output of {@link labelSegments}.
 * @returns `{ domain, range }` for a vega-lite `scale`.
 * @example
 * segmentColorScale(labelSegments([{ segmentId: 2, name: "C" }]));
 * // => { domain: ["C"], range: ["#59a14f"] }
 */
export function segmentColorScale(labelled: readonly LabelledSegment[]): {
  domain: string[];
  range: string[];
} {
  return { domain: labelled.map((s) => s.label), range: labelled.map((s) => s.color) };
}
