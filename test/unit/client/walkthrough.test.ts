// package.json `contributes.walkthroughs`: the first-use walkthrough only shows in a Magento project,
// its buttons run commands that exist, and the pictures it shows exist and ship in the .vsix.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const REPO_ROOT = join(__dirname, '..', '..', '..');

interface Step {
  id: string;
  title: string;
  description: string;
  media: { image?: string; altText?: string; markdown?: string; svg?: string };
}

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    walkthroughs?: Array<{ id: string; title: string; when?: string; steps: Step[] }>;
  };
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const vscodeignore = readFileSync(join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n');
const walkthroughs = manifest.contributes.walkthroughs ?? [];
const steps = walkthroughs.flatMap((walkthrough) => walkthrough.steps);

/** Commands of the workbench itself that the steps' buttons may run. */
const BUILT_IN_COMMANDS = new Set(['workbench.action.quickOpen', 'workbench.actions.view.problems']);

describe('package.json walkthrough', () => {
  it('has one walkthrough, shown only where the extension is active', () => {
    assert.equal(walkthroughs.length, 1);
    assert.equal(walkthroughs[0].when, 'magentoZdd.active');
  });

  it('covers a module.xml, the Problems panel, magento-zdd.json and CI, with unique step ids', () => {
    const titles = steps.map((step) => step.title).join(' | ');
    for (const topic of [/module\.xml|setup_version/, /Problems panel/, /magento-zdd\.json/, /CI/]) assert.match(titles, topic);
    assert.equal(new Set(steps.map((step) => step.id)).size, steps.length);
  });

  it('has buttons that run commands the extension contributes or the workbench has', () => {
    const contributed = new Set(manifest.contributes.commands.map((command) => command.command));
    for (const step of steps) {
      const links = [...step.description.matchAll(/\]\(command:([\w.]+)/g)].map((match) => match[1]);
      for (const command of links) assert.ok(contributed.has(command) || BUILT_IN_COMMANDS.has(command), `${step.id}: ${command} exists`);
      assert.ok(links.length > 0 || /\]\(https:\/\//.test(step.description), `${step.id} has a button`);
    }
  });

  it('shows pictures and pages that exist, are described and are packaged', () => {
    for (const step of steps) {
      const files = [step.media.image, step.media.markdown, step.media.svg].filter((file): file is string => file !== undefined);
      assert.equal(files.length, 1, `${step.id} has one media file`);
      assert.ok(existsSync(join(REPO_ROOT, files[0])), `${files[0]} exists`);
      if (step.media.image) assert.ok((step.media.altText ?? '').length > 20, `${step.id}: the picture has alt text`);
      assert.ok(vscodeignore.includes(`!${files[0]}`) || vscodeignore.some((line) => line.startsWith('!') && line.endsWith('/*.md') && files[0].startsWith(line.slice(1, -'*.md'.length))), `${files[0]} is let into the .vsix`);
    }
  });
});
