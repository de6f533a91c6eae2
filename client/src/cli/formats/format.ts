// CLI room: the output formats of `magento-zdd check`.
import type { ProjectCheckResult } from '../../../../server/src/analysis/analyzer';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface FormatInput {
  result: ProjectCheckResult;
  /** Absolute Magento root; finding paths are relative to it. */
  root: string;
  /** Folder the CLI was started in: CI annotations and SARIF paths are relative to it (the repo root). */
  cwd: string;
  toolVersion: string;
}
