/**
 * The first step for any text that came from outside (ARM documents, tags, ledger rows, Log
 * Analytics rows): whatever the sink, a reader never gets control characters, bidirectional
 * overrides or invisible characters, and never more text than the place it goes holds.
 */

/** Appended where text was cut, so a reader knows there was more. */
export const CUT_MARKER = "…[cut]";

/** The longest a single outside value is shown inline (a name, a tag, an evidence value, a reason). */
const INLINE_VALUE_MAX = 1_000;

const LINE_BREAKS = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/g;
/**
 * Cc: C0 and C1 controls, DEL. Cf: format characters, among them the bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make text read in another order
 * than it is stored, zero-width characters, the BOM and the invisible tag characters (U+E0000–).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;
const INVISIBLE_KEEPING_LINES = /[^\n\t\P{Cc}]|\p{Cf}/gu;

/**
 * Removes control and format characters and repairs broken surrogate pairs. One line unless
 * `multiline`: line breaks become spaces, so a value can never start a line of its own in a
 * ticket (a heading, a list, a table row, a fence). Tabs are kept only in multiline text.
 */
export function cleanText(value: string, options: { multiline?: boolean } = {}): string {
  const text = value.toWellFormed();
  if (options.multiline) return text.replace(LINE_BREAKS, "\n").replace(INVISIBLE_KEEPING_LINES, "");
  return text.replace(LINE_BREAKS, " ").replace(/\t/g, " ").replace(INVISIBLE, "");
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * At most `maxLength` UTF-16 code units (what Azure DevOps and ServiceNow count; GitHub counts
 * code points, never more), the marker included. Cut on a code point, never inside a pair.
 */
export function cutText(text: string, maxLength: number, marker: string = CUT_MARKER): string {
  if (text.length <= maxLength) return text;
  let end = Math.max(0, maxLength - marker.length);
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}${marker}`.slice(0, maxLength);
}

/** One outside value as a clean, bounded line: the input of every renderer. */
export function untrusted(value: unknown, maxLength: number = INLINE_VALUE_MAX): string {
  return cutText(cleanText(typeof value === "string" ? value : String(value)), maxLength);
}

/**
 * Joins rendered blocks while they fit, then ends with `notice`: a text is cut between blocks,
 * never inside one, so no escape, code span, fence or tag is ever split.
 */
export function fitBlocks(blocks: readonly string[], separator: string, maxLength: number, notice: string): string {
  const whole = blocks.join(separator);
  if (whole.length <= maxLength) return whole;
  const kept: string[] = [];
  let length = notice.length;
  for (const block of blocks) {
    if (length + block.length + separator.length > maxLength) break;
    kept.push(block);
    length += block.length + separator.length;
  }
  return cutText([...kept, notice].join(separator), maxLength);
}
