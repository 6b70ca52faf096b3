// `rehearse NAME --packages DIR [--json]`: the admin's dress rehearsal of an upgrade, on a consistent copy of
// this host's data in a throwaway container (issue 24, docs/rehearse.md). Exit 0: the rehearsal passed; 1: a
// step failed (with the message a real run would give), or a packet left the container.
import { EXIT, type ExitStatus } from '../errors.js';
import { writeFd } from '../log/output.js';
import type { CommandContext } from '../command.js';
import { describeRehearsal, runRehearsal } from '../sandbox/rehearse.js';

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const progress = ctx.options.json
    ? (line: string) => writeFd(2, `${line}\n`)
    : (line: string) => ctx.terminal.say(line);
  const r = await runRehearsal(ctx, ctx.args[0]!, ctx.options.packages, progress);
  if (ctx.options.json) ctx.print(JSON.stringify(r, null, 2));
  else {
    const [head = '', ...rest] = describeRehearsal(r);
    if (r.ok) ctx.terminal.say(head);
    else ctx.terminal.error(head);
    for (const line of rest) ctx.terminal.say(line);
  }
  return r.ok ? EXIT.ok : EXIT.failed;
}
