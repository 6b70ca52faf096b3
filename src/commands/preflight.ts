// `preflight NAME [--new-root DIR] [--json]`: would the new build's upgrade work on today's data? Runs the
// new build's own rules (its descriptor, checks and scripts) against the data, the records and the free space,
// changing nothing; the dnf plugin runs it on the downloaded package and aborts the transaction on an
// inhibitor (issue 23). Exit 0: nothing inhibits; 3: inhibited.
import { EXIT, type ExitStatus } from '../errors.js';
import type { Command } from '../command.js';

export const preflight: Command = {
  name: 'preflight',
  usage: 'preflight NAME [--new-root DIR | --package RPM|DIR] [--json]',
  summary: "check the new build's upgrade against today's data before it is installed (exit 3: inhibited)",
  description:
    "Runs the inhibitors of the build found in DIR (the new package's files: its descriptor, checks and scripts) or in the RPM given with --package (a file, or a directory of downloaded RPMs: the one shipping NAME's descriptor is unpacked into a root-only directory), or of the installed build without either, against the current data, records and free space, and changes nothing. An inhibitor: the new build is older than the data or for another platform; the data is older than the new descriptor's min_data_version (a required stop); the last upgrade failed, or a rollback is unfinished (a refusal of the installed build is judged again for the new one); the build was rolled back on this host; there is no room for the backup the upgrade takes; a check of the new build needs a manual fix; a once-script that already ran changed; the new scripts break lint's rules. A waiver in /etc/upgrade-hook/waivers.d/NAME.conf turns an inhibitor into a warning until it expires. The dnf plugin runs this on each product package of a transaction and aborts the transaction when one is inhibited.",
  options: ['new-root', 'package', 'build-version', 'json'],
  example: 'upgrade-hook preflight acme --new-root /var/tmp/acme-1.2 --build-version 1.2-1',
  minArgs: 1,
  maxArgs: 1,
  async run(ctx): Promise<ExitStatus> {
    const { runPreflight } = await import('../preflight/run.js');
    const r = await runPreflight(ctx, ctx.args[0]!);
    if (ctx.options.json) ctx.print(JSON.stringify(r.report, null, 2));
    else {
      const [head = '', ...rest] = r.lines;
      if (r.inhibited) ctx.terminal.error(head);
      else ctx.terminal.say(head);
      for (const line of rest) ctx.terminal.say(line);
    }
    return r.inhibited ? EXIT.refused : EXIT.ok;
  },
};
