// Loading a product for a command: descriptor, build, stored state, marker and the decision of §5.
import { decide, decisionInputFor, type Decision } from '../plan/decide.js';
import { resolveBuildInfo, type BuildInfo } from '../product/build-info.js';
import type { Descriptor } from '../product/descriptor.js';
import { loadDescriptor } from '../product/load.js';
import { queryRpmVersion } from '../product/rpm-query.js';
import { readStoredState, type StoredState } from '../product/stored-state.js';
import type { Marker } from '../record/marker.js';
import { productRecords } from '../record/stores.js';
import type { CommandContext } from '../command.js';
import type { ChecksVerdict } from '../checks/verdict.js';

export interface ProductView {
  descriptor: Descriptor;
  build: BuildInfo;
  stored: StoredState;
  marker: Marker | undefined;
  decision: Decision;
  /** What the product's checks said (only from viewWithChecks, and only when they ran). */
  checks?: ChecksVerdict | undefined;
}

export function loadProduct(ctx: CommandContext, ref: string): Descriptor {
  return loadDescriptor(ref, ctx.env, (line) => ctx.terminal.warn(line));
}

export function viewProduct(ctx: CommandContext, descriptor: Descriptor): ProductView {
  const build = resolveBuildInfo(descriptor, ctx.options.buildVersion, queryRpmVersion);
  const stored = readStoredState(descriptor);
  const marker = productRecords(descriptor).marker.read();
  const view = { descriptor, build, stored, marker };
  return { ...view, decision: decide(decisionInputFor(view, ctx.options.skipVersionCheck)) };
}

/**
 * The view with the verdict of the product's checks folded into the decision (check, gate, posttrans,
 * status). They run only when the product has checks and the decision without them leaves room for one:
 * not for a product that is not configured or whose versions already refuse. Without `checks` in the
 * descriptor nothing more is read or loaded: the no-op path costs what it did.
 */
export async function viewWithChecks(ctx: CommandContext, descriptor: Descriptor): Promise<ProductView> {
  const view = viewProduct(ctx, descriptor);
  if (descriptor.checksDir === undefined) return view;
  if (view.decision.kind === 'not-configured' || (view.decision.kind === 'refuse' && !ctx.options.skipVersionCheck))
    return view;
  const { runChecks } = await import('../checks/run.js');
  const checks = await runChecks({
    descriptor,
    dataVersion: view.stored.dataVersion,
    buildVersion: view.build.version,
    env: ctx.env,
    euid: ctx.euid,
  });
  for (const r of checks.results)
    ctx.terminal.detail(`${descriptor.name}: check ${r.name}: ${r.verdict}: ${r.message}`);
  // did an upgrade already run for these checks? (read only when one asks for an upgrade)
  const lastRun = checks.needsUpgrade.length ? productRecords(descriptor).history.summary().lastRun : undefined;
  return {
    ...view,
    checks,
    decision: decide(decisionInputFor({ ...view, checks, lastRun }, ctx.options.skipVersionCheck)),
  };
}
