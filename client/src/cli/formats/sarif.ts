// CLI room: SARIF 2.1.0 for code-scanning upload (GitHub, GitLab, Azure DevOps).
import { ALL_RULES } from '../../../../server/src/analysis/rules';
import { ruleDocsUrl } from '../../../../server/src/analysis/rules/rule';
import type { Severity } from '../../../../server/src/analysis/types';
import type { FormatInput } from './format';
import { pathForCi } from './paths';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif({ result, root, cwd, toolVersion }: FormatInput): string {
  const ruleIndex = new Map(ALL_RULES.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'magento-zdd',
            version: toolVersion,
            informationUri: 'https://github.com/magento-zdd/magento-zdd',
            rules: ALL_RULES.map((rule) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.summary },
              helpUri: ruleDocsUrl(rule.id),
              defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((finding) => {
          const location = pathForCi(root, cwd, finding.file);
          const { start, end } = finding.range;
          return {
            ruleId: finding.code,
            ruleIndex: ruleIndex.get(finding.code) ?? -1,
            level: LEVEL[finding.severity],
            message: { text: finding.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: location.isUri ? { uri: location.path } : { uri: relativeUri(location.path), uriBaseId: '%SRCROOT%' },
                  region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
                },
              },
            ],
          };
        }),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.notices.map((notice) => ({ level: 'note', message: { text: notice.message } })),
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** SARIF wants a URI reference: a folder named "shop copy" must become "shop%20copy". */
function relativeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
