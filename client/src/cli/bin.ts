// CLI room: process wiring for `magento-zdd` (the bundle entry); main.ts stays testable in-process.
import { setFlagsFromString } from 'node:v8';
import { main } from './main';
import { EXIT_INTERNAL_ERROR } from './usage';

declare const MAGENTO_ZDD_VERSION: string | undefined;

// `magento-zdd rules | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const command = process.argv[2];

// A check over thousands of migrations keeps every CPU busy (worker threads), so V8's background
// compiler competes with the check itself. A smaller inlining budget makes its hot paths cheaper to
// compile: faster on the bench shop (10,000 migrations, 2 CPUs), within noise on one thread (numbers
// in the commit that added this). Set before any of the check's code is hot; V8 flags are per process,
// so the workers share it. The language server keeps V8's defaults: it runs long, edits stay hot.
if (command === 'check') setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');

// During migrate/rollback, Ctrl-C stops phinx through the signal so the command can still say what
// ran; a second Ctrl-C quits at once. A deploy cancels at its next safe point on SIGINT or SIGTERM and
// explains every further one (it never quits mid-step: its instances and journal stay consistent).
// Other commands keep Node's default (exit).
const interrupt = new AbortController();
const interruptListeners: Array<(signal: NodeJS.Signals) => void> = [];
if (command === 'migrate' || command === 'rollback') {
  process.once('SIGINT', () => {
    interrupt.abort();
    process.once('SIGINT', () => process.exit(130));
  });
} else if (command === 'deploy' || command === 'deploy:rollback') {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      interrupt.abort();
      for (const listener of interruptListeners) listener(signal);
    });
  }
}

/** One question on the terminal (prompt on stderr, so stdout stays the command's output). */
async function ask(question: string): Promise<string | undefined> {
  const { createInterface } = await import('node:readline/promises');
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await terminal.question(question);
  } catch {
    return undefined;
  } finally {
    terminal.close();
  }
}

main(process.argv.slice(2), {
  cwd: process.cwd(),
  signal: interrupt.signal,
  isInteractive: process.stdin.isTTY === true,
  ask,
  onInterrupt: (listener) => interruptListeners.push(listener),
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
