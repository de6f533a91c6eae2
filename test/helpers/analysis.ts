// Test helper: runs the module.xml analysis in-process on fixture text, with the baseline given
// directly instead of read from git.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeModuleXml, type FileBaseline } from '../../server/src/analysis/analyzer';
import { DEFAULT_CONFIG, type ZddConfig } from '../../server/src/analysis/config';
import { DEFAULT_MIGRATION_GLOBS } from '../../server/src/analysis/phinxSetup';
import type { ProjectModel } from '../../server/src/analysis/project';
import type { Finding } from '../../server/src/analysis/types';
import { FIXTURES } from './tempProject';

export const CHECKOUT_XML = 'app/code/Acme/Checkout/etc/module.xml';

/** Text of test/fixtures/module-xml/<name>. */
export function moduleXmlFixture(name: string): string {
  return readFileSync(join(FIXTURES, 'module-xml', name), 'utf8');
}

/** A project model that lives nowhere on disk: enough for analyzeModuleXml, which reads no files. */
export function projectWith(config: Partial<ZddConfig> = {}): ProjectModel {
  return {
    root: '/nonexistent/shop',
    config: { ...DEFAULT_CONFIG, ...config },
    configFile: undefined,
    migrationGlobs: { globs: DEFAULT_MIGRATION_GLOBS, source: 'default' },
    composer: { phinxVersion: undefined, mxPhinxMigrations: false },
  };
}

/** The file as it was at the baseline commit; `undefined` = the file did not exist there. */
export function baselineText(text: string | undefined, ref = 'HEAD'): FileBaseline {
  return { kind: 'available', ref, text };
}

export function baselineUnavailable(reason = 'not a git repository'): FileBaseline {
  return { kind: 'unavailable', reason };
}

export function analyze(text: string, baseline: FileBaseline, options: { config?: Partial<ZddConfig>; file?: string } = {}): Finding[] {
  return analyzeModuleXml(projectWith(options.config), options.file ?? CHECKOUT_XML, text, baseline);
}

export function codesOf(findings: readonly Finding[]): string[] {
  return findings.map((finding) => finding.code);
}

export function findingsOf(findings: readonly Finding[], code: string): Finding[] {
  return findings.filter((finding) => finding.code === code);
}
