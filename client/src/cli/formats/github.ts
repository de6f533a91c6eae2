// CLI room: GitHub Actions workflow commands, one annotation per finding.
import type { FormatInput } from './format';
import { pathForCi } from './paths';

const COMMAND_FOR = { error: 'error', warning: 'warning', info: 'notice' } as const;

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub({ result, root, cwd }: FormatInput): string {
  const lines = result.findings.map((finding) => {
    const { path } = pathForCi(root, cwd, finding.file);
    const { start, end } = finding.range;
    const properties = [
      `file=${escapeProperty(path)}`,
      `line=${start.line + 1}`,
      `col=${start.character + 1}`,
      `endLine=${end.line + 1}`,
      `endColumn=${end.character + 1}`,
      `title=${escapeProperty(`magento-zdd ${finding.code}`)}`,
    ];
    return `::${COMMAND_FOR[finding.severity]} ${properties.join(',')}::${escapeData(finding.message)}`;
  });
  for (const notice of result.notices) lines.push(`::notice title=magento-zdd::${escapeData(notice.message)}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
