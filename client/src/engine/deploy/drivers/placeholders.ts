// Engine room (pure Node, no vscode): {name} placeholders in configured argv. Each argument is filled
// in on its own and stays one argument: nothing is ever joined into a string a shell would parse, so
// a release id or a node name cannot become a second command.
import { DeployError } from '../deployError';

export type Placeholders = Record<string, string>;

export function fillArgument(argument: string, values: Placeholders, where: string): string {
  return argument.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new DeployError('not-configured', `${where}: unknown placeholder ${whole} in "${argument}"; known: ${Object.keys(values).map((key) => `{${key}}`).join(' ')}.`);
    return value;
  });
}

export function fillArgv(argv: readonly string[], values: Placeholders, where: string): string[] {
  return argv.map((argument) => fillArgument(argument, values, where));
}
