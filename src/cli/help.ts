// --help texts, generated from the same tables the parser uses, so they cannot drift apart.
import type { Command } from '../command.js';
import { COMMANDS } from '../commands/index.js';
import { EXIT, EXIT_MEANING } from '../errors.js';
import { formatOption, GLOBAL_OPTIONS, optionByName } from './options.js';

/** The exit statuses in numeric order with their meaning (one table: errors.ts). */
export const EXIT_CODES: Array<[number, string]> = Object.values(EXIT)
  .sort((a, b) => a - b)
  .map((code) => [code, EXIT_MEANING[code]]);

const exitSection = () =>
  ['Exit status:', ...EXIT_CODES.map(([c, m]) => `  ${String(c).padStart(3)}  ${m}`)].join('\n');

export function mainHelp(): string {
  return [
    'Usage: upgrade-hook COMMAND [ARGS] [OPTIONS]',
    '',
    "Upgrades an RPM-packaged server product's data and configuration: unattended in dnf update, deferred to the",
    'next service start when the package transaction cannot run it, and resumable by hand after a failure.',
    'NAME is a product (its descriptor is NAME.conf in /usr/lib/upgrade-hook/products.d, overridden key by key',
    'by /etc/upgrade-hook/products.d) or a path to a descriptor file.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(44)} ${c.summary}`),
    '',
    'Options:',
    ...GLOBAL_OPTIONS.map(formatOption),
    '',
    exitSection(),
    '',
    'Environment: UPGRADE_HOOK_CONFIG_PATH (colon-separated descriptor directories, replacing the default two);',
    '  UPGRADE_HOOK_LOCK_DIR (the lock directory instead of /run/lock/upgrade-hook, for tests).',
    'Example: upgrade-hook status acme; upgrade-hook run acme',
    'See upgrade-hook COMMAND --help, and man upgrade-hook(8), upgrade-hook.conf(5).',
  ].join('\n');
}

export function commandHelp(c: Command): string {
  return [
    `Usage: upgrade-hook ${c.usage} [OPTIONS]`,
    '',
    wrap(c.description, 100),
    '',
    'Options:',
    ...c.options.map((n) => formatOption(optionByName(n))),
    ...GLOBAL_OPTIONS.map(formatOption),
    '',
    exitSection(),
    '',
    'Example:',
    ...c.example.split('\n').map((l) => `  ${l}`),
  ].join('\n');
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
