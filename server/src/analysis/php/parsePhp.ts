// Analysis room: the one configuration of the PHP parser (glayzzle php-parser), shared by every
// reader of PHP files (phinx.php, env.php, migrations).
import { Engine, type Program } from 'php-parser';

// extractDoc stays on: a comment-only method body is then not empty (missing-down relies on that).
const engine = new Engine({
  parser: { php8: true, suppressErrors: true, extractDoc: true },
  ast: { withPositions: true, withSource: false },
  lexer: { all_tokens: false, short_tags: true },
});

export interface PhpParseResult {
  program: Program;
  /** Syntax errors the parser recovered from (line 1-based, column 0-based); the program holds what still parsed. */
  errors: Array<{ message: string; line: number; column: number }>;
}

export function parsePhp(text: string, fileName: string): PhpParseResult {
  try {
    const program = engine.parseCode(text, fileName);
    // Recovered errors are AST nodes: `line` is 1-based, `loc.start.column` 0-based.
    type RecoveredError = { message: string; line?: number; loc?: { start: { line: number; column: number } } };
    const recovered = (program as unknown as { errors?: RecoveredError[] }).errors ?? [];
    const errors = recovered.map((error) => ({
      message: error.message.replace(/^Parse Error : /, ''),
      line: error.loc?.start.line ?? error.line ?? 0,
      column: error.loc?.start.column ?? 0,
    }));
    return { program, errors };
  } catch (error) {
    // suppressErrors still throws on a few inputs (e.g. an unterminated heredoc at EOF).
    const parseError = error as { message: string; lineNumber?: number; columnNumber?: number };
    return {
      program: { kind: 'program', children: [], errors: [], comments: [] } as unknown as Program,
      errors: [{ message: parseError.message, line: parseError.lineNumber ?? 0, column: parseError.columnNumber ?? 0 }],
    };
  }
}
