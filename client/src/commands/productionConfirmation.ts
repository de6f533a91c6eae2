// VS Code glue, pure (no vscode import): rolling back a `production: true` environment runs down()
// on the database live traffic uses (and a deploy switches its live traffic), so the user types the environment's name, as GitHub asks for a
// repository's name before deleting it. Exact match: a near miss is exactly the slip to catch.

/** The input box's live validation: undefined when `typed` confirms, else what to type. */
export function productionConfirmationProblem(environment: string, typed: string, action = 'the rollback'): string | undefined {
  if (typed === environment) return undefined;
  if (typed.trim() === environment) return 'Remove the spaces around the name.';
  return `Type ${environment} to confirm ${action} on this production environment.`;
}

export function productionConfirmationPrompt(environment: string, what: string): string {
  return `"${environment}" is a production environment: ${what} runs down() on the database live traffic uses. Type its name to confirm.`;
}
