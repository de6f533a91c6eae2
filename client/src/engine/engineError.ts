// Engine room (pure Node, no vscode): the base of every error a user can meet in the engine. Its
// message is written for them (what failed, why, what to do) and never holds a password; the CLI
// prints it as is, the extension shows it in a notification.

export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
