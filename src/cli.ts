// The command line: argv to options, the command's run, and the only place that turns errors into exit codes.
import { parseArgs } from 'node:util';
import type { CommandContext, GlobalOptions } from './command.js';
import { findCommand } from './commands/index.js';
import { commandHelp, mainHelp } from './cli/help.js';
import { ALL_OPTIONS, GLOBAL_OPTIONS } from './cli/options.js';
import { refuseNonRoot } from './cli/root-required.js';
import { EXIT, UpgradeHookError, isUpgradeHookError, type ExitStatus } from './errors.js';
import { createTerminal } from './log/terminal.js';
import { writeFd } from './log/output.js';

declare const __UPGRADE_HOOK_VERSION__: string;
export const VERSION = typeof __UPGRADE_HOOK_VERSION__ === 'string' ? __UPGRADE_HOOK_VERSION__ : 'dev';

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<ExitStatus> {
  const debugRequested = argv.includes('-d') || argv.includes('--debug');
  const early = createTerminal(debugRequested ? 'debug' : 'normal');
  try {
    const { values, positionals } = parse(argv);
    const print = (text: string) => writeFd(1, `${text}\n`);
    if (values.version) {
      print(`upgrade-hook ${VERSION}`);
      return EXIT.ok;
    }
    const [name, ...args] = positionals;
    if (!name) {
      print(mainHelp());
      return values.help ? EXIT.ok : EXIT.usage;
    }
    const command = findCommand(name);
    if (!command)
      throw new UpgradeHookError('USAGE', `unknown command "${name}"`, { hint: 'see: upgrade-hook --help' });
    if (values.help) {
      print(commandHelp(command));
      return EXIT.ok;
    }
    const global = new Set(GLOBAL_OPTIONS.map((o) => o.name));
    for (const key of Object.keys(values)) {
      if (!global.has(key) && !command.options.includes(key)) {
        throw new UpgradeHookError('USAGE', `${command.name} does not take --${key}`, {
          hint: `see: upgrade-hook ${command.name} --help`,
        });
      }
    }
    if (args.length < command.minArgs || args.length > command.maxArgs) {
      throw new UpgradeHookError('USAGE', `usage: upgrade-hook ${command.usage}`, {
        hint: `see: upgrade-hook ${command.name} --help`,
      });
    }
    const options = toOptions(values);
    const euid = process.geteuid?.() ?? 0;
    try {
      refuseNonRoot(command.name, args, euid, env);
    } catch (e) {
      // posttrans never fails the package transaction: it says why and exits 0, as it always does
      if (command.name !== 'posttrans') throw e;
      report(e, early, debugRequested);
      return EXIT.ok;
    }
    const ctx: CommandContext = {
      args,
      options,
      env,
      euid,
      print,
      commandLine: `upgrade-hook ${argv.join(' ')}`,
      // the one read of process.argv besides main.ts: node puts the script's own path there
      toolPath: process.argv[1] ?? '/usr/bin/upgrade-hook',
      terminal: createTerminal(options.quiet ? 'quiet' : options.debug ? 'debug' : 'normal'),
    };
    return await (await command.load()).run(ctx);
  } catch (e) {
    return report(e, early, debugRequested);
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        ALL_OPTIONS.map((o) => [o.name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]),
      ),
    }) as { values: Record<string, string | boolean | undefined>; positionals: string[] };
  } catch (e) {
    const message = (e as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, '');
    const command = argv.find((a) => !a.startsWith('-') && findCommand(a));
    throw new UpgradeHookError('USAGE', message.charAt(0).toLowerCase() + message.slice(1), {
      hint: `see: upgrade-hook ${command ? `${command} ` : ''}--help`,
      cause: e,
    });
  }
}

function toOptions(v: Record<string, string | boolean | undefined>): GlobalOptions {
  let wait: number | undefined;
  if (v.wait !== undefined) {
    if (!/^\d+$/.test(String(v.wait)))
      throw new UpgradeHookError('USAGE', `--wait ${v.wait}: use a whole number of seconds`);
    wait = Number(v.wait);
  }
  return {
    assumeyes: Boolean(v.assumeyes),
    skipVersionCheck: Boolean(v['skip-version-check']),
    debug: Boolean(v.debug),
    quiet: Boolean(v.quiet),
    json: Boolean(v.json),
    logFile: v['log-file'] as string | undefined,
    buildVersion: v['build-version'] as string | undefined,
    force: Boolean(v.force),
    scheme: v.scheme as string | undefined,
    wait,
    root: v.root as string | undefined,
    only: Boolean(v.only),
    reason: v.reason as string | undefined,
    newRoot: v['new-root'] as string | undefined,
    package: v.package as string | undefined,
    released: v.released as string | undefined,
    to: v.to as string | undefined,
    image: v.image as string | undefined,
    with: v.with as string | undefined,
    junit: v.junit as string | undefined,
    packages: v.packages as string | undefined,
  };
}

function report(e: unknown, terminal: ReturnType<typeof createTerminal>, debug: boolean): ExitStatus {
  if (isUpgradeHookError(e)) {
    for (const line of e.message.split('\n')) terminal.error(line);
    if (e.hint) writeFd(2, `${e.hint.startsWith('see:') || e.hint.startsWith('run') ? '' : 'next: '}${e.hint}\n`);
    if (debug && e.stack) writeFd(2, `${e.stack}\n`);
    return e.exitStatus;
  }
  terminal.error(
    `internal error: ${e instanceof Error ? e.message : String(e)} (rerun with --debug for details, and please report it)`,
  );
  if (debug && e instanceof Error && e.stack) writeFd(2, `${e.stack}\n`);
  return EXIT.failed;
}
