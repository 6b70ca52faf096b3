// `rehearse NAME --packages DIR [--json]`: the admin's dress rehearsal of an upgrade, on a consistent copy of
// this host's data in a throwaway container (issue 24, docs/rehearse.md). Exit 0: the rehearsal passed; 1: a
// step failed (with the message a real run would give), or a packet left the container.
import { EXIT, type ExitStatus } from '../errors.js';
import { writeFd } from '../log/output.js';
import type { Command } from '../command.js';

export const rehearse: Command = {
  name: 'rehearse',
  usage: 'rehearse NAME --packages DIR [--json]',
  summary: 'run the upgrade to the RPMs in DIR on a copy of the data in a throwaway container, and report',
  description:
    "Copies the product's data ([backup] paths, the state file and its records) while its units are frozen for a moment (they keep their PIDs; cp --reflink=auto clones where the filesystem can, a plain copy is said up front with its size and estimated time), boots a throwaway systemd container over this host's root with the copy bound over the data and a loopback-only network, runs the [rehearse] neutralize hook before anything of the product starts, then the real upgrade with the new packages (rpm -U: their %posttrans runs it), the checks and the services' readiness. Prints each step with its duration, the upgrade's scripts, the predicted downtime and the packets sent outside lo (must be 0); stores the report in VAR_DIR/rehearse/last.json, which plan then shows. Production's data, state, markers and history are never written; a killed rehearsal's leftovers are removed by the next one.",
  options: ['packages', 'json'],
  example: 'upgrade-hook rehearse acme --packages /var/tmp/acme-1.2',
  minArgs: 1,
  maxArgs: 1,
  async run(ctx): Promise<ExitStatus> {
    const { describeRehearsal, runRehearsal } = await import('../sandbox/rehearse.js');
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
  },
};
