// `preflight NAME [--new-root DIR] [--json]`: would the new build's upgrade work on today's data? Runs the
// new build's own rules (its descriptor, checks and scripts) against the data, the records and the free space,
// changing nothing; the dnf plugin runs it on the downloaded package and aborts the transaction on an
// inhibitor (issue 23). Exit 0: nothing inhibits; 3: inhibited.
import { EXIT, type ExitStatus } from '../errors.js';
import type { CommandContext } from '../command.js';
import { runPreflight } from '../preflight/run.js';

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const r = await runPreflight(ctx, ctx.args[0]!);
  if (ctx.options.json) ctx.print(JSON.stringify(r.report, null, 2));
  else {
    const [head = '', ...rest] = r.lines;
    if (r.inhibited) ctx.terminal.error(head);
    else ctx.terminal.say(head);
    for (const line of rest) ctx.terminal.say(line);
  }
  return r.inhibited ? EXIT.refused : EXIT.ok;
}
