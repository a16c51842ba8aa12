/**
 * What makes outside text act on its own in a ticket system, besides markup: links that turn
 * clickable by themselves, @-mentions that notify people and teams, and references that link
 * and cross-post into other issues. Each is broken with an invisible joiner or a defanged
 * scheme, so a person still reads the value as it was written.
 */

/** U+200D ZERO WIDTH JOINER: invisible, and no mention or reference pattern matches across it. */
const JOINER = "\u200D";

/** ServiceNow renders what is between [code] and [/code] in a journal field as HTML. */
const CODE_TAG = /\[(\/?code)\]/gi;

/** Breaks only ServiceNow's [code] tags: for text that must otherwise stay exact, such as commands to paste. */
export function withoutCodeTags(text: string): string {
  return text.replace(CODE_TAG, `[${JOINER}$1]`);
}

export function inert(text: string): string {
  return withoutCodeTags(
    text
      // Bare URLs and www. names become links by themselves in GitHub, chat tools and some trackers.
      .replace(/(h)tt(ps?:)/gi, "$1xx$2")
      .replace(/(f)t(p:)/gi, "$1x$2")
      .replace(/(www)\./gi, "$1[.]")
      // @user and @org/team notify; user@host is also an e-mail autolink; ServiceNow mentions start with @.
      .replace(/@/g, `@${JOINER}`)
      // #123, owner/repo#123 and GH-123 link (and cross-reference) issues.
      .replace(/#/g, `#${JOINER}`)
      .replace(/(gh)-(?=\d)/gi, `$1${JOINER}-`),
  );
}
