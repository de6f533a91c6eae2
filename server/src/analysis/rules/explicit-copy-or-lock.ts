// Analysis room: rule explicit-copy-or-lock.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { locksMatter, quoted, stepsOf } from './schemaChangeWording';

export const explicitCopyOrLock: SchemaChangeRule = {
  id: 'explicit-copy-or-lock',
  target: 'schema-change',
  defaultSeverity: 'warning',
  summary: 'ALGORITHM=COPY or LOCK=SHARED/EXCLUSIVE blocks the old code\'s writes (or reads) for the whole ALTER.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const step of stepsOf(context, 'explicit-lock')) {
      const { operation } = step;
      if (!locksMatter(context, step)) continue;
      const copy = operation.algorithm?.toUpperCase() === 'COPY';
      const lock = operation.lock?.toUpperCase();
      // LOCK TABLES ... READ/WRITE arrives as lock READ/WRITE.
      const locking = lock === 'SHARED' || lock === 'EXCLUSIVE' || lock === 'READ' || lock === 'WRITE';
      if (!copy && !locking) continue;
      const lockText = lock === 'READ' || lock === 'WRITE' ? `LOCK TABLES ... ${lock}` : `LOCK=${lock}`;
      const what = [copy ? 'ALGORITHM=COPY' : undefined, locking ? lockText : undefined].filter(Boolean).join(' and ');
      findings.push({
        range: operation.range,
        message: `${what} on ${quoted(operation.table)} blocks the old code's ${lock === 'EXCLUSIVE' || lock === 'WRITE' ? 'reads and writes' : 'writes'} until the ALTER ends. Ask for ALGORITHM=INPLACE, LOCK=NONE (MySQL refuses instead of locking when it cannot).`,
      });
    }
    return findings;
  },
};
