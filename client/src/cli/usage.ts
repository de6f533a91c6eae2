// CLI room: usage errors and exit codes shared by every command.

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A mistake in how the CLI was called or configured: printed without a stack, exit code 2. */
export class UsageError extends Error {}

export const MAIN_HELP = `magento-zdd: zero-downtime checks for Magento 2

Usage:
  magento-zdd check [root] [--format text|json|sarif|github] [--baseline REF] [--fail-on error|warning|never]
  magento-zdd rules                 list every rule with its default severity
  magento-zdd --help | --version

Commands:
  check   Flags setup_version changes of bespoke modules against a git baseline (default HEAD, or
          "baseline" in magento-zdd.json) and invalid module.xml files.

Exit codes: 0 nothing reached --fail-on (default error); 1 something did; 2 usage or config error.
`;
