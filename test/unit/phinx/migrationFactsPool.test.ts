// The pool that reads migrations on worker threads: every job's facts come back in order and equal
// what this thread reads, and a worker that dies (at once or after a batch) costs no file.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { factsWorkerScript, MigrationFactsPool, readFactsJob, type FactsJob, type FactsResult } from '../../../server/src/analysis/migrations/migrationFactsPool';
import { listMigrationFiles, MigrationList } from '../../../server/src/analysis/migrations/migrationFiles';
import { phinxSemantics } from '../../../server/src/analysis/phinx/naming';
import { loadProject, type ProjectModel } from '../../../server/src/analysis/project';
import { generateMigrationShop } from '../../bench/generateMigrationShop';
import { createTempDir, removeTempDir } from '../../helpers/tempProject';

describe('MigrationFactsPool', () => {
  let dir: string;
  let project: ProjectModel;
  let jobs: FactsJob[];
  /** What this thread reads, as it arrives from a worker (JSON leaves out undefined fields). */
  let expected: FactsResult[];

  before(async () => {
    dir = createTempDir('facts-pool');
    const shop = await generateMigrationShop(join(dir, 'shop'), { moduleCount: 5, migrationCount: 150, unsafeShare: 0.3, largeMigrationLines: 120, seed: 11 });
    project = loadProject(shop.root);
    const list = new MigrationList(listMigrationFiles(project, phinxSemantics(project.composer.phinxVersion)));
    jobs = list.files.map((file) => ({ file, duplicates: list.duplicatesOf(file) }));
    // A file gone between the listing and the read.
    jobs.push({ file: { ...jobs[0].file, path: `${jobs[0].file.path.replace(/\d{14}_/, '20990101000000_')}` }, duplicates: { sameVersion: [], sameClassName: [] } });
    expected = jobs.map((job) => JSON.parse(JSON.stringify(readFactsJob(project, job))) as FactsResult);
  });

  after(() => removeTempDir(dir));

  async function readAll(pool: MigrationFactsPool): Promise<FactsResult[]> {
    try {
      const results: FactsResult[] = [];
      for (let index = 0; index < jobs.length; index++) results.push(JSON.parse(JSON.stringify(await pool.factsAt(index))) as FactsResult);
      return results;
    } finally {
      await pool.close();
    }
  }

  it('hands out every job in order with the facts this thread reads (real worker threads)', async () => {
    const script = factsWorkerScript();
    assert.ok(script, 'the worker script sits next to the pool');
    const results = await readAll(new MigrationFactsPool(script, project, jobs, 2));
    assert.deepEqual(results, expected);
    assert.equal(results.at(-1)?.kind, 'missing');
    assert.ok(results.filter((result) => result.kind === 'read').length >= 150);
  });

  it('reads everything on this thread when the only worker dies at its first batch', async () => {
    const script = join(dir, 'dies-at-once.js');
    writeFileSync(script, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
    assert.deepEqual(await readAll(new MigrationFactsPool(script, project, jobs, 1)), expected);
  });

  it('keeps what a worker answered before it died and reads the rest itself', async () => {
    // Answers its first batch with "missing" for every file (so the test can tell who read what), then dies.
    const script = join(dir, 'dies-after-one.js');
    writeFileSync(
      script,
      "const { parentPort } = require('node:worker_threads');\nlet answered = false;\nparentPort.on('message', (request) => {\n  if (answered) process.exit(1);\n  answered = true;\n  parentPort.postMessage({ batch: request.batch, json: JSON.stringify(request.jobs.map(() => ({ kind: 'missing' }))) });\n});\n",
    );
    const results = await readAll(new MigrationFactsPool(script, project, jobs, 1));
    const answeredByWorker = results.findIndex((result, index) => result.kind === 'missing' && expected[index].kind !== 'missing');
    assert.equal(answeredByWorker, 0, 'the first batch came from the worker');
    const firstBatchSize = results.findIndex((result, index) => result.kind !== 'missing' || expected[index].kind === 'missing');
    assert.ok(firstBatchSize > 0);
    assert.deepEqual(results.slice(firstBatchSize), expected.slice(firstBatchSize));
  });
});
