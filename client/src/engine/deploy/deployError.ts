// Engine room (pure Node, no vscode): the deploy's errors a user can meet, each with a problem code
// the CLI and the extension switch on and a message that says what to do.
import { EngineError } from '../engineError';

export type DeployProblem =
  | 'not-configured'
  | 'locked'
  | 'gates-failed'
  | 'build-failed'
  | 'state-mismatch'
  | 'migration-failed'
  | 'unhealthy'
  | 'driver-failed'
  | 'cancelled'
  | 'no-previous-release'
  | 'unfinished-run'
  | 'not-confirmed'
  | 'not-resumable';

export class DeployError extends EngineError {
  constructor(
    readonly problem: DeployProblem,
    message: string,
  ) {
    super(message);
  }
}
