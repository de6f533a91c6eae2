// Server room: the state the language server keeps for one Magento project: its model, its config
// error if any, and the git baseline (resolved once, refreshed on save). No LSP types here, so the
// same session logic can be exercised without a connection.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeModuleXml, baselineNotice, fileBaselineFrom, loadBaselineFor, type FileBaseline } from './analysis/analyzer';
import type { ConfigError } from './analysis/config';
import { BaselineUnavailableError, readBaselineFiles, resolveBaselineCommit, type Baseline } from './analysis/gitBaseline';
import { isBespokePath, isModuleXmlPath, listBespokeModuleXmlFiles, loadProjectOrDefaults, type ProjectModel } from './analysis/project';
import type { Finding, Notice } from './analysis/types';

export class ProjectSession {
  project: ProjectModel;
  configError: ConfigError | undefined;
  private baseline: Baseline | BaselineUnavailableError | undefined;

  constructor(readonly root: string) {
    ({ project: this.project, configError: this.configError } = loadProjectOrDefaults(root));
  }

  /** Re-reads magento-zdd.json, phinx.php and composer.lock; the baseline is re-read too (its ref may have changed). */
  reload(): void {
    ({ project: this.project, configError: this.configError } = loadProjectOrDefaults(this.root));
    this.baseline = undefined;
  }

  owns(projectPath: string): boolean {
    return isModuleXmlPath(projectPath) && isBespokePath(this.project, projectPath);
  }

  listFiles(): string[] {
    return listBespokeModuleXmlFiles(this.project);
  }

  notices(): Notice[] {
    const notices: Notice[] = [];
    if (this.configError) notices.push({ message: `${this.configError.message} (checking with the default settings until it is fixed)` });
    if (this.baseline instanceof BaselineUnavailableError) notices.push(baselineNotice(this.baseline));
    return notices;
  }

  /** Loads the baseline of every bespoke module.xml in one git batch. */
  async loadBaseline(files: readonly string[]): Promise<void> {
    this.baseline = await loadBaselineFor(this.project, files);
  }

  /**
   * Re-resolves the baseline ref (a commit moves HEAD). Returns true when it now points elsewhere,
   * i.e. every file needs checking again.
   */
  async refreshBaseline(): Promise<boolean> {
    const previous = this.baseline;
    let commit: string | undefined;
    try {
      commit = await resolveBaselineCommit(this.root, this.project.config.baseline);
    } catch (error) {
      if (!(error instanceof BaselineUnavailableError)) throw error;
      this.baseline = error;
      return !(previous instanceof BaselineUnavailableError);
    }
    if (previous && !(previous instanceof BaselineUnavailableError) && previous.commit === commit) return false;
    await this.loadBaseline(this.listFiles());
    return true;
  }

  async baselineFor(file: string): Promise<FileBaseline> {
    if (!this.baseline) await this.loadBaseline(this.listFiles());
    const baseline = this.baseline as Baseline | BaselineUnavailableError;
    if (!(baseline instanceof BaselineUnavailableError) && !baseline.files.has(file)) {
      // A module.xml created after start-up: fetch just this one.
      for (const [path, entry] of await readBaselineFiles(this.root, baseline.commit, [file])) baseline.files.set(path, entry);
    }
    return fileBaselineFrom(baseline, file);
  }

  /** Synchronous when the baseline is already known: the didChange path does no I/O. */
  analyzeWithKnownBaseline(file: string, text: string): Finding[] | undefined {
    const baseline = this.baseline;
    if (!baseline) return undefined;
    if (!(baseline instanceof BaselineUnavailableError) && !baseline.files.has(file)) return undefined;
    return analyzeModuleXml(this.project, file, text, fileBaselineFrom(baseline, file));
  }

  async analyze(file: string, text: string): Promise<Finding[]> {
    return this.analyzeWithKnownBaseline(file, text) ?? analyzeModuleXml(this.project, file, text, await this.baselineFor(file));
  }

  /** undefined when the file is gone or unreadable. */
  async analyzeFromDisk(file: string): Promise<{ findings: Finding[]; text: string } | undefined> {
    let text: string;
    try {
      text = await readFile(join(this.root, file), 'utf8');
    } catch {
      return undefined;
    }
    return { findings: await this.analyze(file, text), text };
  }
}
