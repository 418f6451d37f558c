/** Inputs that once crashed a reader, shared by the reader tests and the CLI tests. */

/** 7 levels of 9 aliases each: 9^7 nodes when expanded. */
export function aliasBomb(): string {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 8; i++) {
    text += `a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  }
  return text;
}
