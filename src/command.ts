// What every command gets (parsed options, the environment and the shared services built by the CLI) and what
// the command table says of one.
import type { ExitStatus } from './errors.js';
import type { Terminal } from './log/terminal.js';

export interface OptionSpec {
  name: string;
  short?: string;
  type: 'boolean' | 'string';
  /** e.g. FILE, V, SECONDS */
  arg?: string;
  help: string;
}

export interface GlobalOptions {
  assumeyes: boolean;
  skipVersionCheck: boolean;
  debug: boolean;
  quiet: boolean;
  json: boolean;
  logFile: string | undefined;
  buildVersion: string | undefined;
  force: boolean;
  scheme: string | undefined;
  wait: number | undefined;
  /** run --only: the arguments after NAME are steps to run by hand. */
  only: boolean;
  /** resolve --reason */
  reason: string | undefined;
  /** lint: the build root. */
  root: string | undefined;
  /** preflight: the new build's files. */
  newRoot: string | undefined;
  /** preflight: the new build's RPM, or a directory of RPMs. */
  package: string | undefined;
  /** matrix (issue 24): the released versions' RPMs, the new build's, the containers' root, extra RPMs, JUnit file. */
  released?: string | undefined;
  to?: string | undefined;
  image?: string | undefined;
  with?: string | undefined;
  junit?: string | undefined;
  /** rehearse: the new build's RPMs. */
  packages?: string | undefined;
}

export interface CommandContext {
  args: string[];
  options: GlobalOptions;
  env: NodeJS.ProcessEnv;
  euid: number;
  /** `upgrade-hook ARGS…` as called: the lock's owner file says who holds it. */
  commandLine: string;
  /** The running tool's own path: scripts call it as `upgrade-hook` (run/upgrade.ts linkRunningTool). */
  toolPath: string;
  terminal: Terminal;
  /** Writes machine output (JSON, vercmp's answer) to stdout, even with -q. */
  print: (text: string) => void;
}

/** A command's module: loaded only when the command runs. */
export interface CommandModule {
  run(ctx: CommandContext): Promise<ExitStatus>;
}

/** A row of the command table (commands/index.ts): what --help, the man page and the completion say of a
 * command, and how to load it. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** What it does, in a few lines, for --help and the man page. */
  description: string;
  options: string[];
  example: string;
  minArgs: number;
  maxArgs: number;
  /** The command's module, loaded only when it runs (the table's one dynamic import of `./NAME.js`). */
  load(): Promise<CommandModule>;
}
