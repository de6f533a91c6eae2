// CLI room: process wiring for `magento-zdd` (the bundle entry); main.ts stays testable in-process.
import { main } from './main';
import { EXIT_INTERNAL_ERROR } from './usage';

declare const MAGENTO_ZDD_VERSION: string | undefined;

// `magento-zdd rules | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// During migrate/rollback, Ctrl-C stops phinx through the signal so the command can still say what
// ran; a second Ctrl-C quits at once. Other commands keep Node's default (exit).
const interrupt = new AbortController();
if (process.argv[2] === 'migrate' || process.argv[2] === 'rollback') {
  process.once('SIGINT', () => {
    interrupt.abort();
    process.once('SIGINT', () => process.exit(130));
  });
}

main(process.argv.slice(2), {
  cwd: process.cwd(),
  signal: interrupt.signal,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  toolVersion: typeof MAGENTO_ZDD_VERSION === 'string' ? MAGENTO_ZDD_VERSION : '0.0.0-dev',
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`magento-zdd: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT_INTERNAL_ERROR;
  },
);
