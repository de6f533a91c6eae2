// Analysis room: evaluates the constant parts of a PHP configuration file (phinx.php, env.php) without
// running PHP. Anything that needs PHP at run time (function calls, getenv(), includes) is UNKNOWN,
// so callers can say "could not read" instead of guessing.
import type { Node } from 'php-parser';

export const UNKNOWN: unique symbol = Symbol('unknown PHP value');
export type PhpValue = string | number | boolean | null | PhpArray | typeof UNKNOWN;
export interface PhpArray {
  kind: 'array';
  entries: Array<{ key: string | number | undefined; value: PhpValue }>;
}

export interface EvaluationScope {
  /** Value of `__DIR__` and `%%PHINX_CONFIG_DIR%%`-style placeholders: the file's folder. */
  dir: string;
  variables: Map<string, PhpValue>;
}

type AnyNode = Node & Record<string, unknown>;

export function evaluatePhp(node: Node | null | undefined, scope: EvaluationScope): PhpValue {
  if (!node) return UNKNOWN;
  const n = node as AnyNode;
  switch (n.kind) {
    case 'string':
    case 'nowdoc':
      return String(n.value);
    case 'number':
      return Number(n.value);
    case 'boolean':
      return Boolean(n.value);
    case 'nullkeyword':
      return null;
    case 'magic':
      return n.value === '__DIR__' ? scope.dir : UNKNOWN;
    case 'variable':
      return typeof n.name === 'string' && scope.variables.has(n.name) ? (scope.variables.get(n.name) as PhpValue) : UNKNOWN;
    case 'bin': {
      if (n.type !== '.') return UNKNOWN;
      const left = evaluatePhp(n.left as Node, scope);
      const right = evaluatePhp(n.right as Node, scope);
      return isScalar(left) && isScalar(right) ? `${left ?? ''}${right ?? ''}` : UNKNOWN;
    }
    case 'encapsed': {
      let out = '';
      for (const part of n.value as AnyNode[]) {
        const value = evaluatePhp((part.expression ?? part) as Node, scope);
        if (!isScalar(value)) return UNKNOWN;
        out += String(value ?? '');
      }
      return out;
    }
    case 'array': {
      const entries: PhpArray['entries'] = [];
      let nextIndex = 0;
      for (const item of (n.items as AnyNode[]) ?? []) {
        const entry = item.kind === 'entry' ? item : { key: null, value: item };
        if ((entry as AnyNode).unpack) return UNKNOWN;
        const keyValue = entry.key ? evaluatePhp(entry.key as Node, scope) : undefined;
        let key: string | number | undefined;
        if (keyValue === undefined) key = nextIndex++;
        else if (typeof keyValue === 'string' || typeof keyValue === 'number') key = keyValue;
        else return UNKNOWN;
        if (typeof key === 'number') nextIndex = Math.max(nextIndex, key + 1);
        entries.push({ key, value: evaluatePhp(entry.value as Node, scope) });
      }
      return { kind: 'array', entries };
    }
    case 'cast':
      return evaluatePhp(n.expr as Node, scope);
    default:
      return UNKNOWN;
  }
}

function isScalar(value: PhpValue): value is string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export function isPhpArray(value: PhpValue | undefined): value is PhpArray {
  return typeof value === 'object' && value !== null && value.kind === 'array';
}

/** `$array['a']['b']`; undefined when a level is missing or not an array. */
export function lookupPhp(value: PhpValue | undefined, ...path: Array<string | number>): PhpValue | undefined {
  let current = value;
  for (const key of path) {
    if (!isPhpArray(current)) return undefined;
    const found = [...current.entries].reverse().find((entry) => String(entry.key) === String(key));
    if (!found) return undefined;
    current = found.value;
  }
  return current;
}

/** Runs top-level `$x = <constant>;` statements and returns the value of the first top-level `return`. */
export function evaluateReturnedValue(children: Node[], dir: string): PhpValue | undefined {
  const scope: EvaluationScope = { dir, variables: new Map() };
  for (const child of children as AnyNode[]) {
    if (child.kind === 'expressionstatement') {
      const expression = child.expression as AnyNode;
      if (expression.kind === 'assign' && expression.operator === '=' && (expression.left as AnyNode).kind === 'variable') {
        const name = (expression.left as AnyNode).name;
        if (typeof name === 'string') scope.variables.set(name, evaluatePhp(expression.right as Node, scope));
      }
    } else if (child.kind === 'return') {
      return evaluatePhp(child.expr as Node, scope);
    }
  }
  return undefined;
}
