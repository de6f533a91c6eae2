// `magento-zdd deploy` through the built CLI without any service: the plan (every step with its argv
// and health URLs, in text and JSON, nothing run; Redis is not even there, so the plan says so and
// assumes a first deploy), and the refusals and exit codes that need no Redis. The deploys themselves
// run in test/integration/deployCli.test.ts against real services.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ensureCliBuilt, runCli, startCli } from '../helpers/cli';
import { DEMO_SHOP } from '../helpers/demoShop';
import { TempProject } from '../helpers/tempProject';

describe('magento-zdd deploy and deploy:rollback without services', () => {
  let project: TempProject;

  before(() => {
    ensureCliBuilt();
    project = TempProject.create('deploy-plan', DEMO_SHOP);
    project.write('vendor/bin/phinx', '#!/usr/bin/env php\n<?php // never run by --plan\n');
    project.write(
      'magento-zdd.json',
      JSON.stringify({
        environments: {
          staging: {
            database: { host: '127.0.0.1', port: 3306, user: 'shop', database: 'shop_staging', passwordEnv: 'SHOP_DB_PASSWORD' },
            deploy: {
              driver: 'local',
              nodes: 2,
              build: { command: ['cp', '-r', '.', 'releases/{release}'] },
              redis: { socket: 'var/no-redis-here.sock' },
              local: { releasesDir: 'releases', basePort: 18000, nginx: { config: 'nginx/nginx.conf', upstreamFile: 'nginx/upstream.conf' } },
            },
          },
        },
      }),
    );
  });
  after(() => project.cleanup());

  it('prints every step with its concrete commands and URLs, and runs none of them', () => {
    const run = runCli(['deploy', '--env', 'staging', '--plan'], { cwd: project.dir });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /no live colour recorded \(first deploy\) \(Redis not reachable now/);
    assert.match(run.stdout, /\$ cp -r \. releases\/<new release id>|\$ cp -r \. 'releases\/<new release id>'/);
    assert.match(run.stdout, /\$ php vendor\/bin\/phinx migrate -e shop_staging/);
    assert.match(run.stdout, /GET http:\/\/127\.0\.0\.1:18000\/health_check\.php/);
    assert.match(run.stdout, /GET http:\/\/127\.0\.0\.1:18001\//);
    assert.match(run.stdout, /nginx -c \S+nginx\.conf -s reload/);
    assert.equal(existsSync(project.path('releases')), false, 'nothing was built');
  });

  it('--json lists the steps with argv arrays', () => {
    const run = runCli(['deploy', '--env', 'staging', '--plan', '--json'], { cwd: project.dir });
    assert.equal(run.status, 0, run.stderr);
    const plan = JSON.parse(run.stdout) as { steps: Array<{ step: string; argv?: string[]; urls?: string[] }> };
    assert.deepEqual(plan.steps.map((step) => step.step), ['lock', 'live-colour', 'gates', 'build', 'migrate', 'flush-new-cache', 'node-1', 'node-2', 'reload', 'switch']);
    assert.deepEqual(plan.steps.find((step) => step.step === 'node-1')?.argv?.slice(0, 3), ['php', '-S', '127.0.0.1:18000']);
  });

  it('without --plan runs the deploy: Redis missing stops it before anything changes, with exit code 3', () => {
    const run = runCli(['deploy', '--env', 'staging'], { cwd: project.dir });
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stderr, /lock started/);
    assert.match(run.stderr, /cannot reach Redis at .*no-redis-here\.sock/);
    assert.equal(existsSync(project.path('releases')), false, 'nothing was built');
  });

  it('--json prints one JSON line per journal event and the error as the last line', () => {
    const run = runCli(['deploy', '--env', 'staging', '--json'], { cwd: project.dir });
    assert.equal(run.status, 3, run.stderr);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string; step?: string; status?: string; exitCode?: number; message?: string });
    assert.deepEqual(lines.map((line) => `${line.event} ${line.step ?? ''} ${line.status ?? ''}`.trim()), ['step deploy started', 'step lock started', 'step lock failed', 'step deploy failed', 'error']);
    assert.equal(lines.at(-1)?.exitCode, 3);
    assert.match(lines.at(-1)?.message ?? '', /cannot reach Redis/);
  });

  it('a production environment needs --yes when stdin is not a terminal (exit 1, nothing run)', () => {
    project.edit('magento-zdd.json', '"deploy":{', '"production":true,"deploy":{');
    try {
      for (const command of ['deploy', 'deploy:rollback']) {
        const run = runCli([command, '--env', 'staging'], { cwd: project.dir });
        assert.equal(run.status, 1, run.stderr);
        assert.match(run.stderr, /"staging" is a production environment: .* needs --yes when stdin is not a terminal\. Nothing was done\./);
        assert.doesNotMatch(run.stderr, /lock started/);
      }
      // With --yes it goes on (and stops at the missing Redis).
      assert.equal(runCli(['deploy', '--env', 'staging', '--yes'], { cwd: project.dir }).status, 3);
    } finally {
      project.edit('magento-zdd.json', '"production":true,"deploy":{', '"deploy":{');
    }
  });

  it('at a terminal, a production environment asks for its name: a wrong name does nothing (exit 1), the right one goes on', async () => {
    project.edit('magento-zdd.json', '"deploy":{', '"production":true,"deploy":{');
    try {
      const wrong = await startCli(['deploy', '--env', 'staging'], { cwd: project.dir, terminalInput: 'production\n' }).done;
      assert.equal(wrong.status, 1, wrong.stdout);
      assert.match(wrong.stdout, /"staging" is a production environment\. Type its name to confirm the deploy: /);
      assert.match(wrong.stdout, /the typed name did not match "staging": nothing was done\./);
      assert.doesNotMatch(wrong.stdout, /lock started/);
      const right = await startCli(['deploy:rollback', '--env', 'staging'], { cwd: project.dir, terminalInput: 'staging\n' }).done;
      // Confirmed: the rollback starts, and stops at the missing Redis.
      assert.equal(right.status, 3, right.stdout);
      assert.match(right.stdout, /Type its name to confirm the roll back: /);
      assert.match(right.stdout, /lock started/);
    } finally {
      project.edit('magento-zdd.json', '"production":true,"deploy":{', '"deploy":{');
    }
  });

  it('--resume with no unfinished run in the journal is refused (exit 1); deploy:rollback has no --resume (exit 2)', () => {
    const resume = runCli(['deploy', '--env', 'staging', '--resume'], { cwd: project.dir });
    assert.equal(resume.status, 1, resume.stderr);
    assert.match(resume.stderr, /"staging" has no unfinished run to resume/);
    const rollback = runCli(['deploy:rollback', '--env', 'staging', '--resume'], { cwd: project.dir });
    assert.equal(rollback.status, 2);
    assert.match(rollback.stderr, /deploy:rollback has no --resume/);
  });

  it('the help lists deploy:rollback and the deploy exit codes', () => {
    const run = runCli(['--help'], { cwd: project.dir });
    assert.match(run.stdout, /magento-zdd deploy:rollback --env NAME/);
    assert.match(run.stdout, /4 locked by another deploy; 5 an unfinished run needs --resume or\s+deploy:rollback; 130 cancelled/);
  });

  it('an environment without deploy settings says what to add (exit 2, configuration)', () => {
    project.edit('magento-zdd.json', '"staging":', '"other":{"database":{"database":"x"}},"staging":');
    const run = runCli(['deploy', '--env', 'other', '--plan'], { cwd: project.dir });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /environment "other" has no "deploy" settings/);
  });
});
