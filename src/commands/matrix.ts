// `matrix [NAME] --released DIR --to DIR --image ROOT [--with DIR] [--junit FILE] [--json]`: the packager's
// CI proof that every released version upgrades to the new build (issue 24, docs/rehearse.md). Exit 0: every
// case passed; 1: a case failed or diverged (a hidden required stop).
import { writeFileSync } from 'node:fs';
import { EXIT, type ExitStatus } from '../errors.js';
import { writeFd } from '../log/output.js';
import type { CommandContext } from '../command.js';
import { describeMatrix, renderJunit } from '../plan/matrix-policy.js';
import { matrixInput, runMatrix } from '../sandbox/matrix.js';

export async function run(ctx: CommandContext): Promise<ExitStatus> {
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
}
