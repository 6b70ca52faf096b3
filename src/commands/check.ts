import { exitStatusOf } from '../plan/decide.js';
import type { CommandContext } from '../command.js';
import type { ExitStatus } from '../errors.js';
import { loadProduct, viewWithChecks } from './product-context.js';

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const v = await viewWithChecks(ctx, loadProduct(ctx, ctx.args[0]!));
  const line = `${v.descriptor.name}: ${v.decision.message}`;
  if (v.decision.kind === 'refuse') ctx.terminal.error(line);
  else ctx.terminal.say(line);
  for (const r of v.checks?.manualFix ?? []) for (const out of r.output) ctx.terminal.error(`  ${r.name}| ${out}`);
  if (v.decision.kind === 'refuse' && v.decision.reason === 'manual-fix')
    ctx.terminal.say(
      `next: fix it as the check says (${v.checks!.manualFix.map((r) => r.path).join(', ')}), then: upgrade-hook check ${v.descriptor.name}`,
    );
  return exitStatusOf(v.decision);
}
