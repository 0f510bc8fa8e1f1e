/**
 * The scripted action types `mahnwerk simulate --help` names: in the `--script` flag's line
 * ("… (behaviour.script): pay, pay-in-full, … — each with type, claimId and date") and in the
 * "types and their fields: pay {amount}; pay-in-full; …" paragraph of its input formats (lines
 * joined, each entry's first word).
 */
export function helpActionTypes(help: string): { flag: string[]; fields: string[] } {
  const flag = /\(behaviour\.script\): (.*?) — each with type, claimId and date/.exec(help)?.[1];
  const start = help.indexOf('types and their fields: ');
  const end = help.indexOf(' (only facts the claim', start);
  if (flag === undefined || start < 0 || end < 0) throw new Error('simulate --help has no list of action types');
  const fields = help
    .slice(start + 'types and their fields: '.length, end)
    .replace(/\n\s+/g, ' ')
    .split('; ')
    .map((entry) => entry.split(' ')[0] as string);
  return { flag: flag.split(', '), fields };
}
