// `matrix [NAME] --released DIR --to DIR --image ROOT [--with DIR] [--junit FILE] [--json]`: the packager's
// CI proof that every released version upgrades to the new build (issue 24, docs/rehearse.md). Exit 0: every
// case passed; 1: a case failed or diverged (a hidden required stop).
import { writeFileSync } from 'node:fs';
import { EXIT, type ExitStatus } from '../errors.js';
import { writeFd } from '../log/output.js';
import type { Command } from '../command.js';

export const matrix: Command = {
  name: 'matrix',
  usage: 'matrix [NAME] --released DIR --to DIR --image ROOT [--with DIR] [--junit FILE] [--json]',
  summary: 'upgrade every released version to the new build in throwaway containers; find hidden required stops',
  description:
    'For each released version (one subdirectory of RPMs per version in --released DIR), boots a fresh systemd container (systemd-nspawn, loopback-only network) over ROOT, installs the --with RPMs and that version, runs the [rehearse] install hook (default: upgrade-hook stamp NAME) and seed hook, upgrades straight to the new build in --to DIR with rpm (its %posttrans runs the real upgrade), runs upgrade-hook check and the [rehearse] digest hook (default: a hash of the [backup] paths). Then one chained run through every version. A direct upgrade whose digest differs from the chained one is a hidden required stop: the first differing hop is named with the min_data_version to declare. One container at a time; each is removed with everything it made, also when the tool is killed.',
  options: ['released', 'to', 'image', 'with', 'junit', 'json'],
  example:
    'upgrade-hook matrix acme --released ci/released --to build/RPMS/noarch --image /var/tmp/el9-root --junit matrix.xml',
  minArgs: 0,
  maxArgs: 1,
  async run(ctx): Promise<ExitStatus> {
    const { matrixInput, runMatrix } = await import('../sandbox/matrix.js');
    const { describeMatrix, renderJunit } = await import('../plan/matrix-policy.js');
    const input = matrixInput(ctx);
    // progress goes to stderr: stdout carries the JSON document
    const progress = ctx.options.json
      ? (line: string) => writeFd(2, `${line}\n`)
      : (line: string) => ctx.terminal.progress(line);
    const report = await runMatrix(ctx, input, progress);
    ctx.terminal.progressDone();
    if (ctx.options.junit) writeFileSync(ctx.options.junit, renderJunit(report));
    if (ctx.options.json) ctx.print(JSON.stringify(report, null, 2));
    else {
      const [head = '', ...rest] = describeMatrix(report);
      if (report.ok) ctx.terminal.say(head);
      else ctx.terminal.error(head);
      for (const line of rest) ctx.terminal.say(line);
    }
    return report.ok ? EXIT.ok : EXIT.failed;
  },
};
