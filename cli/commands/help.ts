/** The "Examples:" section every command's --help ends with: what each line does, then the line. */
export function examples(lines: readonly (readonly [what: string, command: string])[]): string {
  return `\nExamples:\n${lines.map(([what, command]) => `  # ${what}\n  $ ${command}`).join("\n")}\n`;
}
