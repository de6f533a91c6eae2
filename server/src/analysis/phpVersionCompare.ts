// Analysis room (pure): PHP's version_compare(), because Magento decides with it whether a module's
// setup_version matches setup_module. A plain string or semver comparison would disagree with
// Magento on cases that matter: '1.0' vs '1.0.0' differ (-1), 'none' is below every number.
// Follows ext/standard/versioning.c: canonicalise, then compare dot-separated parts.

/** Special suffixes and their order; a part that starts with none of them ranks lowest (-1). */
const SPECIAL_FORMS: ReadonlyArray<readonly [string, number]> = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];

/** What a number part counts as when compared with a word part. */
const NUMBER_PART = '#N#';

const isDigit = (char: string | undefined): boolean => char !== undefined && char >= '0' && char <= '9';
const isAlphanumeric = (char: string): boolean => /^[A-Za-z0-9]$/.test(char);

/** `1.0rc1` -> `1.0.rc.1`, `1-2_3+4` -> `1.2.3.4`: a dot between digits and non-digits, separators become dots. */
function canonicalize(version: string): string {
  if (version === '') return '';
  let out = version[0];
  let previous = version[0];
  const isDigitChar = (char: string) => isDigit(char) && char !== '.';
  const isOtherChar = (char: string) => !isDigit(char) && char !== '.';
  for (const char of version.slice(1)) {
    const lastOut = out[out.length - 1];
    if (char === '-' || char === '_' || char === '+') {
      if (lastOut !== '.') out += '.';
    } else if ((isOtherChar(previous) && isDigitChar(char)) || (isDigitChar(previous) && isOtherChar(char))) {
      if (lastOut !== '.') out += '.';
      out += char;
    } else if (!isAlphanumeric(char)) {
      if (lastOut !== '.') out += '.';
    } else {
      out += char;
    }
    previous = char;
  }
  return out;
}

function rankOfSpecialForm(part: string): number {
  return SPECIAL_FORMS.find(([prefix]) => part.startsWith(prefix))?.[1] ?? -1;
}

function compareSpecialForms(left: string, right: string): -1 | 0 | 1 {
  return Math.sign(rankOfSpecialForm(left) - rankOfSpecialForm(right)) as -1 | 0 | 1;
}

function compareNumbers(left: string, right: string): -1 | 0 | 1 {
  const a = BigInt(/^\d+/.exec(left)?.[0] ?? '0');
  const b = BigInt(/^\d+/.exec(right)?.[0] ?? '0');
  return a < b ? -1 : a > b ? 1 : 0;
}

/** version_compare($left, $right): -1, 0 or 1. */
export function phpVersionCompare(left: string, right: string): -1 | 0 | 1 {
  if (left === '' || right === '') return left === right ? 0 : left !== '' ? 1 : -1;
  const a = left.startsWith('#') ? left : canonicalize(left);
  const b = right.startsWith('#') ? right : canonicalize(right);
  let p1 = 0;
  let p2 = 0;
  // The C code walks both strings with "next dot" pointers; null = no further dot.
  let n1: number | null = 0;
  let n2: number | null = 0;
  let result: -1 | 0 | 1 = 0;
  while (p1 < a.length && p2 < b.length && n1 !== null && n2 !== null) {
    const dot1 = a.indexOf('.', p1);
    const dot2 = b.indexOf('.', p2);
    n1 = dot1 < 0 ? null : dot1;
    n2 = dot2 < 0 ? null : dot2;
    const part1 = a.slice(p1, n1 ?? a.length);
    const part2 = b.slice(p2, n2 ?? b.length);
    if (isDigit(part1[0]) && isDigit(part2[0])) result = compareNumbers(part1, part2);
    else if (!isDigit(part1[0]) && !isDigit(part2[0])) result = compareSpecialForms(part1, part2);
    else result = isDigit(part1[0]) ? compareSpecialForms(NUMBER_PART, part2) : compareSpecialForms(part1, NUMBER_PART);
    if (result !== 0) break;
    if (n1 !== null) p1 = n1 + 1;
    if (n2 !== null) p2 = n2 + 1;
  }
  if (result === 0) {
    if (n1 !== null) result = isDigit(a[p1]) ? 1 : phpVersionCompare(a.slice(p1), NUMBER_PART);
    else if (n2 !== null) result = isDigit(b[p2]) ? -1 : phpVersionCompare(NUMBER_PART, b.slice(p2));
  }
  return result;
}
