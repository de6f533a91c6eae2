// Bench room: generates a Magento-like shop with many bespoke modules in a one-commit git repository,
// then bumps the setup_version of a share of them in the working tree, which is exactly the change
// `magento-zdd check` exists to catch. Deterministic (seeded), so every run measures the same tree.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runProcess } from '../../server/src/analysis/processes';
import { seededRandom } from '../helpers/mutations';

export interface GeneratedShop {
  root: string;
  /** Project paths of every bespoke module.xml, in the order check reports them. */
  moduleXmlFiles: string[];
  /** Project paths of the module.xml files whose setup_version was bumped after the commit. */
  changedFiles: string[];
  /** A module.xml with a committed, unchanged setup_version: the file the LSP bench edits. */
  editTarget: { file: string; setupVersion: string };
}

export interface ShopOptions {
  moduleCount: number;
  /** Share of modules declaring setup_version (the rest rely on Magento 2.3+ making it optional). */
  versionedShare: number;
  /** Share of ALL modules whose setup_version is changed after the commit. */
  changedShare: number;
  seed: number;
}

const VENDORS = ['Acme', 'Contoso', 'Northwind', 'Fabrikam', 'Globex', 'Initech', 'Umbrella', 'Wayne', 'Stark', 'Tyrell', 'Cyberdyne', 'Soylent', 'Hooli', 'Vandelay', 'Wonka', 'Monarch', 'Oscorp', 'Aperture', 'Massive', 'Virtucon'];
const DOMAINS = ['Catalog', 'Checkout', 'Customer', 'Sales', 'Shipping', 'Payment', 'Inventory', 'Cms', 'Search', 'Loyalty', 'Review', 'Wishlist', 'Tax', 'Quote', 'Newsletter', 'Reports', 'Import', 'Export', 'Gift', 'Store'];
const FEATURES = ['Badge', 'Rules', 'Feed', 'Sync', 'Api', 'Widget', 'Grid', 'Cron', 'Logger', 'Mapper', 'Validator', 'Extension', 'Points', 'Labels', 'Graphql', 'Cache', 'Queue', 'Audit', 'Pricing', 'Attributes'];
const MAGENTO_DEPENDENCIES = ['Magento_Store', 'Magento_Catalog', 'Magento_Customer', 'Magento_Checkout', 'Magento_Quote', 'Magento_Sales', 'Magento_Eav', 'Magento_Cms', 'Magento_Backend', 'Magento_Ui', 'Magento_Directory', 'Magento_Inventory'];

interface ModuleSpec {
  vendor: string;
  module: string;
  setupVersion: string | undefined;
  dependencies: string[];
  withHeaderComment: boolean;
}

function moduleXml(spec: ModuleSpec, setupVersion: string | undefined): string {
  const header = spec.withHeaderComment ? `<!--\n/**\n * Copyright © ${spec.vendor}. All rights reserved.\n */\n-->\n` : '';
  const version = setupVersion ? ` setup_version="${setupVersion}"` : '';
  const sequence = spec.dependencies.length
    ? `>\n        <sequence>\n${spec.dependencies.map((name) => `            <module name="${name}"/>`).join('\n')}\n        </sequence>\n    </module>`
    : '/>';
  return (
    `<?xml version="1.0"?>\n${header}` +
    `<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Module/etc/module.xsd">\n` +
    `    <module name="${spec.vendor}_${spec.module}"${version}${sequence}\n` +
    `</config>\n`
  );
}

function registrationPhp(spec: ModuleSpec): string {
  return `<?php\nuse Magento\\Framework\\Component\\ComponentRegistrar;\n\nComponentRegistrar::register(ComponentRegistrar::MODULE, '${spec.vendor}_${spec.module}', __DIR__);\n`;
}

function bumpPatch(version: string): string {
  const parts = version.split('.');
  parts[parts.length - 1] = String(Number(parts[parts.length - 1]) + 1);
  return parts.join('.');
}

function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function planModules(options: ShopOptions): ModuleSpec[] {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const specs: ModuleSpec[] = [];
  const taken = new Set<string>();
  // Bounded: the name space (20 vendors x 20 x 20 x 100 suffixes) is far larger than any module count used here.
  for (let attempt = 0; specs.length < options.moduleCount && attempt < options.moduleCount * 50; attempt++) {
    const vendor = pick(VENDORS);
    const suffix = Math.floor(random() * 100);
    const module = `${pick(DOMAINS)}${pick(FEATURES)}${suffix === 0 ? '' : suffix}`;
    if (taken.has(`${vendor}/${module}`)) continue;
    taken.add(`${vendor}/${module}`);
    const versioned = random() < options.versionedShare;
    const dependencyCount = Math.floor(random() * 4);
    specs.push({
      vendor,
      module,
      setupVersion: versioned ? `${1 + Math.floor(random() * 3)}.${Math.floor(random() * 10)}.${Math.floor(random() * 20)}` : undefined,
      dependencies: [...new Set(Array.from({ length: dependencyCount }, () => pick(MAGENTO_DEPENDENCIES)))],
      withHeaderComment: random() < 0.5,
    });
  }
  if (specs.length < options.moduleCount) throw new Error(`could only name ${specs.length} of ${options.moduleCount} modules`);
  return specs;
}

export async function runGit(cwd: string, args: string[]): Promise<void> {
  const result = await runProcess(['git', ...args], { cwd, timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${result.stderr.trim()}`);
}

/** Bump when the generated content changes, so an old tree is not reused. */
const GENERATOR_VERSION = 2;

/**
 * Reuses the tree from an earlier run when it was generated with the same options: the benches only
 * read it (the LSP bench edits in memory), and the check bench verifies its findings on every run.
 */
export async function generateOrReuseShop(root: string, options: ShopOptions): Promise<{ shop: GeneratedShop; reused: boolean }> {
  const stampFile = `${root}.json`;
  const stamp = JSON.stringify({ generator: GENERATOR_VERSION, options });
  if (existsSync(stampFile) && existsSync(join(root, '.git'))) {
    const saved = JSON.parse(readFileSync(stampFile, 'utf8')) as { stamp: string; shop: GeneratedShop };
    if (saved.stamp === stamp && saved.shop.root === root) return { shop: saved.shop, reused: true };
  }
  rmSync(stampFile, { force: true });
  const shop = await generateShop(root, options);
  writeFileSync(stampFile, JSON.stringify({ stamp, shop }));
  return { shop, reused: false };
}

export async function generateShop(root: string, options: ShopOptions): Promise<GeneratedShop> {
  rmSync(root, { recursive: true, force: true });
  const specs = planModules(options);
  // Magento root markers, so `check <root>` finds this folder as the root.
  writeFile(join(root, 'app/etc/env.php'), `<?php\nreturn [\n    'db' => ['connection' => ['default' => ['host' => 'localhost', 'dbname' => 'bench', 'username' => 'bench', 'password' => '']]],\n];\n`);
  writeFile(join(root, 'bin/magento'), '#!/usr/bin/env php\n<?php\n');
  // Most projects configure the check; reading and validating the config is part of what is measured.
  writeFile(join(root, 'magento-zdd.json'), `${JSON.stringify({ baseline: 'HEAD', bespokePaths: ['app/code/*/*', 'src/*/*'], server: 'mysql-8.0' }, null, 2)}\n`);
  // A few vendor modules: never checked, but a real shop has them next to app/code.
  for (const name of ['module-store', 'module-catalog', 'module-customer']) {
    const moduleName = `Magento_${name.slice('module-'.length).replace(/^./, (c) => c.toUpperCase())}`;
    writeFile(join(root, 'vendor/magento', name, 'etc/module.xml'), `<?xml version="1.0"?>\n<config><module name="${moduleName}" setup_version="2.4.7"/></config>\n`);
  }
  const moduleXmlFiles: string[] = [];
  for (const spec of specs) {
    const folder = `app/code/${spec.vendor}/${spec.module}`;
    writeFile(join(root, folder, 'etc/module.xml'), moduleXml(spec, spec.setupVersion));
    writeFile(join(root, folder, 'registration.php'), registrationPhp(spec));
    moduleXmlFiles.push(`${folder}/etc/module.xml`);
  }
  moduleXmlFiles.sort();

  await runGit(root, ['init', '--quiet']);
  await runGit(root, ['add', '--all']);
  await runGit(root, ['-c', 'user.name=magento-zdd bench', '-c', 'user.email=bench@magento-zdd.invalid', 'commit', '--quiet', '--no-gpg-sign', '-m', 'Generated shop']);

  // Every k-th versioned module gets a bumped version; spreading them keeps the changes across vendors.
  const versioned = specs.filter((spec) => spec.setupVersion !== undefined);
  const changeCount = Math.round(options.moduleCount * options.changedShare);
  if (changeCount > versioned.length - 1) throw new Error('not enough versioned modules to change');
  const stride = Math.floor(versioned.length / changeCount);
  const changed = new Set<ModuleSpec>();
  for (let index = 0; changed.size < changeCount; index += stride) changed.add(versioned[index]);
  const changedFiles: string[] = [];
  for (const spec of changed) {
    const file = `app/code/${spec.vendor}/${spec.module}/etc/module.xml`;
    writeFile(join(root, file), moduleXml(spec, bumpPatch(spec.setupVersion as string)));
    changedFiles.push(file);
  }
  const untouched = versioned.find((spec) => !changed.has(spec));
  if (!untouched) throw new Error('no unchanged versioned module left to edit');
  return {
    root,
    moduleXmlFiles,
    changedFiles: changedFiles.sort(),
    editTarget: { file: `app/code/${untouched.vendor}/${untouched.module}/etc/module.xml`, setupVersion: untouched.setupVersion as string },
  };
}
