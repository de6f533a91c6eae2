// `magento-zdd deploy --plan` through the built CLI: every step with its argv and health URLs, in text
// and JSON, with nothing run (Redis is not even there: the plan says so and assumes a first deploy).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ensureCliBuilt, runCli } from '../helpers/cli';
import { DEMO_SHOP } from '../helpers/demoShop';
import { TempProject } from '../helpers/tempProject';

describe('magento-zdd deploy --plan', () => {
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

  it('without --plan is a usage error that says what this version does', () => {
    const run = runCli(['deploy', '--env', 'staging'], { cwd: project.dir });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /deploy needs --plan/);
  });

  it('an environment without deploy settings says what to add', () => {
    project.edit('magento-zdd.json', '"staging":', '"other":{"database":{"database":"x"}},"staging":');
    const run = runCli(['deploy', '--env', 'other', '--plan'], { cwd: project.dir });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /environment "other" has no "deploy" settings/);
  });
});
