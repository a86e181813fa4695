// What the core asks of the machine it runs on, answered by this Node process.
import { defaultShellPath } from '../core/run/invocation';

/** This machine's shell for commands that need one when none is named ($SHELL, ComSpec). */
export function hostShellPath(): string {
  return defaultShellPath(process.platform, process.env);
}
