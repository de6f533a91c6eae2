// The rule fixture suite: for each rule, real migrations, SQL and db_schema.xml files a Magento
// developer would write, checked as a whole project (git baseline, replay of earlier migrations).
// Layout and marker convention: test/fixtures/rules/README.md.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../../server/src/analysis/types';
import { checkFixtureCase, describeFindings, expectedFindings, filesBelow, ruleFixtureCases, ruleFixtureIds, type ExpectedFinding, type RuleFixtureCase } from '../../helpers/ruleFixtures';

const key = (entry: ExpectedFinding) => `${entry.code} ${entry.file}:${entry.line + 1}`;
const keyOf = (finding: Finding) => key({ code: finding.code, file: finding.file, line: finding.range.start.line });

/** Each case is built and checked once, however many tests look at it. */
function memoized(fixtureCase: RuleFixtureCase): () => Promise<Finding[]> {
  let findings: Promise<Finding[]> | undefined;
  return () => (findings ??= checkFixtureCase(fixtureCase));
}

for (const ruleId of ruleFixtureIds()) {
  describe(`rule fixtures: ${ruleId}`, () => {
    for (const fixtureCase of ruleFixtureCases(ruleId)) {
      const expected = expectedFindings(fixtureCase);
      const findingsOf = memoized(fixtureCase);
      if (fixtureCase.kind === 'positive') {
        it(`${fixtureCase.name}: reports ${ruleId} on exactly the marked lines of its files`, async () => {
          const own = expected.filter((entry) => entry.code === ruleId);
          assert.ok(own.length > 0, `${fixtureCase.dir} marks no line with "expect: ${ruleId}"`);
          const findings = await findingsOf();
          // The sample shop's own files may be flagged too (e.g. on another server); only the fixture's files are exact.
          const fixtureFiles = new Set(filesBelow(fixtureCase.dir));
          const actual = findings.filter((finding) => finding.code === ruleId && fixtureFiles.has(finding.file)).map(keyOf);
          assert.deepEqual([...new Set(actual)].sort(), own.map(key).sort(), `findings:\n${describeFindings(findings)}`);
        });
      } else {
        it(`${fixtureCase.name}: reports no ${ruleId} anywhere`, async () => {
          const findings = await findingsOf();
          assert.deepEqual(findings.filter((finding) => finding.code === ruleId).map(keyOf), [], `findings:\n${describeFindings(findings)}`);
        });
      }
      const others = expected.filter((entry) => entry.code !== ruleId);
      if (others.length > 0) {
        it(`${fixtureCase.name}: reports the other rules marked in it (${[...new Set(others.map((entry) => entry.code))].join(', ')})`, async () => {
          const findings = await findingsOf();
          const present = new Set(findings.map(keyOf));
          assert.deepEqual(others.map(key).filter((entry) => !present.has(entry)), [], `findings:\n${describeFindings(findings)}`);
        });
      }
    }
  });
}
