// phpVersionCompare must agree with PHP's own version_compare(), which Magento uses to compare
// setup_version with setup_module: checked pair by pair against the installed php.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { phpVersionCompare } from '../../server/src/analysis/phpVersionCompare';

const VERSIONS = ['', '0', '1', '1.0', '1.0.0', '1.0.1', '1.0.10', '1.0.9', '2.1.0', '2.10.0', 'none', '1.0rc1', '1.0RC2', '1.0-dev', '1.0a', '1.0b2', '1.0pl1', '1.0p1', '1.0#1', '1..0', '1.0.', '1_0', '1+0', 'v1.0', '1.0.x', 'abc', '0.0.1', '101.2.7'];

describe('phpVersionCompare', () => {
  it('gives the same answer as PHP for every pair of tricky versions', () => {
    const pairs = VERSIONS.flatMap((left) => VERSIONS.map((right) => [left, right]));
    const script = 'foreach (json_decode(stream_get_contents(STDIN)) as [$a, $b]) { echo version_compare($a, $b), "\\n"; }';
    const php = spawnSync('php', ['-r', script], { input: JSON.stringify(pairs), encoding: 'utf8', timeout: 30_000 });
    assert.equal(php.status, 0, `php -r failed: ${php.stderr}`);
    const expected = php.stdout.trim().split('\n').map(Number);
    const mismatches = pairs.filter(([left, right], index) => phpVersionCompare(left, right) !== expected[index]).map(([left, right]) => `${left} vs ${right}`);
    assert.deepEqual(mismatches, []);
  });
});
