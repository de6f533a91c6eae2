// Test helper, run as its own process: parses the PHP text on stdin with parsePhp and prints the
// errors and the number of top-level statements as JSON. A test that must survive a parser that loops
// for ever runs it with a timeout: an endless loop blocks the process it is in, test runner included.
import { readFileSync } from 'node:fs';
import { parsePhp } from '../../server/src/analysis/php/parsePhp';

const { program, errors } = parsePhp(readFileSync(0, 'utf8'), 'stdin.php');
process.stdout.write(JSON.stringify({ errors, statements: program.children.length }));
