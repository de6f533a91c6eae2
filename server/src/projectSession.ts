// Server room: what the language server keeps per Magento project: the checker (which holds the git
// baseline and the migration replay) and the config error to show, if any. No LSP types here.
import type { ConfigError } from './analysis/config';
import { loadProjectOrDefaults } from './analysis/project';
import { ProjectChecker } from './analysis/projectChecker';
import type { Notice } from './analysis/types';

export class ProjectSession {
  checker: ProjectChecker;
  configError: ConfigError | undefined;

  constructor(readonly root: string) {
    const { project, configError } = loadProjectOrDefaults(root);
    this.checker = new ProjectChecker(project);
    this.configError = configError;
  }

  /** Re-reads magento-zdd.json, phinx.php and composer.lock; everything is checked again after this. */
  reload(): void {
    const { project, configError } = loadProjectOrDefaults(this.root);
    const { setupModule } = this.checker;
    this.checker = new ProjectChecker(project);
    // The client sent it for the selected environment; a config reload does not change what the database holds.
    this.checker.setupModule = setupModule;
    this.configError = configError;
  }

  notices(): Notice[] {
    const notices = this.checker.notices();
    if (this.configError) notices.unshift({ message: `${this.configError.message} (checking with the default settings until it is fixed)` });
    return notices;
  }
}
