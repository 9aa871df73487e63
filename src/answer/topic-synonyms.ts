/**
 * Words the reports use for one another in a topic (冲刺四季度 and 决胜四季度 say the same push), each group a set of
 * words any of which says the others in part.
 */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['冲刺', '决胜', '攻坚', '奋战'],
  ['招商引资', '双招双引', '招商', '招引'],
];

/** How much a synonym says of a word: less than the word itself, more than its scattered pieces. */
export const SYNONYM_CREDIT = 0.8;

const bySynonym = new Map<string, string[]>();
for (const group of SYNONYM_GROUPS) {
  for (const word of group)
    bySynonym.set(
      word,
      group.filter((other) => other !== word),
    );
}

/** The words the reports use for `word` (决胜 for 冲刺), empty when it has none. */
export function synonymsOf(word: string): readonly string[] {
  return bySynonym.get(word) ?? [];
}
