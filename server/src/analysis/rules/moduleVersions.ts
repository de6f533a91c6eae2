// Analysis room: pairs each module of a module.xml with the same module at the baseline, shared by
// the setup-version-* rules so they agree on what "the same module" is.
import type { ModuleDeclaration } from '../moduleXml';
import type { ModuleXmlContext } from './rule';

export interface ModuleVersionPair {
  current: ModuleDeclaration;
  /** The module at the baseline; undefined when the file or the module did not exist there. */
  previous: ModuleDeclaration | undefined;
  baselineRef: string;
  moduleName: string;
}

export function pairWithBaseline(context: ModuleXmlContext): ModuleVersionPair[] {
  if (context.baseline.kind !== 'available') return [];
  const baselineRef = context.baseline.ref;
  const previousModules = context.baseline.document?.modules ?? [];
  const singleModuleFile = previousModules.length === 1 && context.document.modules.length === 1;
  return context.document.modules.map((current) => {
    const name = current.name?.value;
    // A renamed module in a one-module file is still the same module.xml, so compare it all the same.
    const previous = previousModules.find((candidate) => name !== undefined && candidate.name?.value === name) ?? (singleModuleFile ? previousModules[0] : undefined);
    return { current, previous, baselineRef, moduleName: name ?? '(unnamed module)' };
  });
}
