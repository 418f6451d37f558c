import * as YAML from 'yaml';

/**
 * Kubernetes objects as multi-document YAML, in the order given, keys as rendered. Strings that a
 * YAML 1.1 reader (kubectl's sigs.k8s.io/yaml, Argo CD) would take for a boolean, a number or a
 * time, such as `on` or `12:30`, are quoted, so they stay strings. An object shared by two
 * fields is written out twice, never as an anchor and alias (and the search for shared objects,
 * a tenth of the time, is skipped).
 */
export function toYaml(objects: readonly unknown[]): string {
  return objects
    .map((o) => YAML.stringify(o, { lineWidth: 0, version: '1.1', aliasDuplicateObjects: false }))
    .join('---\n');
}

/** A fixed-width text table. */
export function table(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cells = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    line(cells[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}
