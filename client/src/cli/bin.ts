// CLI room: process wiring for `magento-zdd` (the bundle entry); main.ts stays testable in-process.
import { main } from './main';

declare const MAGENTO_ZDD_VERSION: string | undefined;

// `magento-zdd rules | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  toolVersion: typeof MAGENTO_ZDD_VERSION === 'string' ? MAGENTO_ZDD_VERSION : '0.0.0-dev',
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`magento-zdd: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 3;
  },
);
