// Every option the CLI accepts: global ones, and those only some commands take (listed in each command).
import type { OptionSpec } from '../command.js';

export const GLOBAL_OPTIONS: OptionSpec[] = [
  {
    name: 'assumeyes',
    short: 'y',
    type: 'boolean',
    help: 'answer yes to everything; upgrade-hook never prompts anyway (not on a terminal either)',
  },
  {
    name: 'debug',
    short: 'd',
    type: 'boolean',
    help: 'print details: skipped scripts, service actions, script output, stack traces',
  },
  { name: 'quiet', short: 'q', type: 'boolean', help: 'print only errors' },
  { name: 'log-file', type: 'string', arg: 'FILE', help: "log to FILE instead of the descriptor's log_file" },
  { name: 'version', type: 'boolean', help: 'print the version of upgrade-hook and exit' },
  {
    name: 'help',
    short: 'h',
    type: 'boolean',
    help: 'print help (for a command: upgrade-hook COMMAND --help) and exit',
  },
];

export const COMMAND_OPTIONS: OptionSpec[] = [
  {
    name: 'build-version',
    type: 'string',
    arg: 'V',
    help: "the installed build's version, instead of the descriptor's build_version (the RPM macro passes it)",
  },
  {
    name: 'skip-version-check',
    type: 'boolean',
    help: 'turn a refusal (downgrade, platform change) into "upgrade needed"; at your own risk',
  },
  {
    name: 'force',
    type: 'boolean',
    help: 'run: run the always-scripts again even when up to date or already finished; plan: show that; resolve: mark a step done that is not the failed one',
  },
  { name: 'json', type: 'boolean', help: 'print machine-readable JSON' },
  { name: 'scheme', type: 'string', arg: 'rpm|semver', help: 'vercmp: the version scheme (default rpm)' },
  {
    name: 'root',
    type: 'string',
    arg: 'DIR',
    help: 'lint: the build root the product is installed into (%{buildroot})',
  },
  {
    name: 'wait',
    type: 'string',
    arg: 'SECONDS',
    help: 'how long to wait for the product lock before giving up with exit 75',
  },
  {
    name: 'only',
    type: 'boolean',
    help: 'run: run just the steps named after NAME, by hand (not an upgrade: never stamps, the marker stays)',
  },
  { name: 'reason', type: 'string', arg: 'TEXT', help: 'resolve: what was fixed by hand, recorded in the history' },
  {
    name: 'new-root',
    type: 'string',
    arg: 'DIR',
    help: "preflight: a directory holding the new package's files (its descriptor, scripts and checks)",
  },
  {
    name: 'package',
    type: 'string',
    arg: 'RPM|DIR',
    help: "preflight: the new package itself (or a directory of downloaded RPMs): the one that ships NAME's descriptor is unpacked and judged",
  },
  {
    name: 'released',
    type: 'string',
    arg: 'DIR',
    help: 'matrix: one subdirectory of RPMs per released version of the product',
  },
  { name: 'to', type: 'string', arg: 'DIR', help: 'matrix: the RPMs of the new build' },
  {
    name: 'image',
    type: 'string',
    arg: 'DIR[:DIR...]',
    help: "matrix: the OS tree the containers boot (systemd, rpm, node); layers topmost first; default: this host's root, when the product is not installed on it",
  },
  {
    name: 'with',
    type: 'string',
    arg: 'DIR',
    help: 'matrix: RPMs installed first in every container (upgrade-hook itself, host provides)',
  },
  { name: 'junit', type: 'string', arg: 'FILE', help: 'matrix: also write the cases as JUnit XML to FILE' },
  {
    name: 'packages',
    type: 'string',
    arg: 'DIR',
    help: "rehearse: the new build's RPMs (as dnf download leaves them)",
  },
];

export const ALL_OPTIONS = [...GLOBAL_OPTIONS, ...COMMAND_OPTIONS];

export function optionByName(name: string): OptionSpec {
  const o = ALL_OPTIONS.find((x) => x.name === name);
  if (!o) throw new Error(`no option ${name}`);
  return o;
}

export function formatOption(o: OptionSpec): string {
  const flag = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.arg ? ` ${o.arg}` : ''}`;
  return `  ${flag.padEnd(30)} ${o.help}`;
}
