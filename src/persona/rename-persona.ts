import type { Persona } from "./name-personas.js";
import * as msg from "./messages.js";

/** Longest persona name accepted (a card heading, a dashboard label). */
export const MAX_NAME_LENGTH = 60;

/** Longest persona description accepted (one line on a card). */
export const MAX_DESCRIPTION_LENGTH = 500;

/**
 * True when `s` holds a C0 or C1 control character, DEL, a Unicode line/paragraph separator or
 * a bidi control: none belongs in a one-line name, and printed raw they can move a terminal's
 * cursor or reorder what a reader sees.
 *
 * @example
 * hasControlCharacter("Power\nUsers"); // => true
 * hasControlCharacter("Power Users"); // => false
 */
export function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (
      c < 0x20 ||
      (c >= 0x7f && c <= 0x9f) ||
      c === 0x2028 ||
      c === 0x2029 ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069)
    )
      return true;
  }
  return false;
}

/**
 * Renames one persona (and optionally re-describes it) and marks it `edited: true`, so outputs
 * regenerated with `namePersonas(profiles, {previous})` keep the edit. The name is trimmed and
 * must be non-empty, at most 60 characters, free of control characters (line breaks, tabs,
 * escapes, bidi controls) and unique (case-insensitive) among the personas; the description at
 * most 500 characters without control characters.
 *
 * @param personas - The current personas (not mutated).
 * @param segment - Segment id to rename.
 * @param name - The new name.
 * @param description - The new one-line description; default: keep the current one.
 * @returns A new array with the renamed persona.
 * @throws RangeError naming the segment when it does not exist; TypeError naming the value for an
 *   empty, too long or duplicate name.
 * @example
 * renamePersona(personas, 3, "Night Owls")[3]; // => { ..., name: "Night Owls", edited: true }
 */
export function renamePersona(
  personas: Persona[],
  segment: number,
  name: string,
  description?: string,
): Persona[] {
  const index = personas.findIndex((p) => p.segment === segment);
  if (index < 0)
    throw new RangeError(
      msg.unknownSegment(
        segment,
        personas.map((p) => p.segment),
      ),
    );
  if (hasControlCharacter(name)) throw new TypeError(msg.controlCharacter("name", name));
  if (description !== undefined) {
    if (hasControlCharacter(description))
      throw new TypeError(msg.controlCharacter("description", description));
    if (description.trim().length > MAX_DESCRIPTION_LENGTH)
      throw new TypeError(
        msg.descriptionTooLong(description.trim().length, MAX_DESCRIPTION_LENGTH),
      );
  }
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new TypeError(msg.emptyName(name));
  if (trimmed.length > MAX_NAME_LENGTH)
    throw new TypeError(msg.nameTooLong(trimmed, MAX_NAME_LENGTH));
  const clash = personas.find(
    (p) => p.segment !== segment && p.name.toLowerCase() === trimmed.toLowerCase(),
  );
  if (clash) throw new TypeError(msg.duplicateName(trimmed, clash.segment));
  return personas.map((p, i) =>
    i === index
      ? {
          ...p,
          name: trimmed,
          description: description === undefined ? p.description : description.trim(),
          edited: true,
        }
      : p,
  );
}
