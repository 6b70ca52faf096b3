// Loading a product for a command: descriptor, build, stored state, marker and the decision of §5.
import { decide, decisionInputFor, type Decision } from '../plan/decide.js';
import { resolveBuildInfo, type BuildInfo } from '../product/build-info.js';
import type { Descriptor } from '../product/descriptor.js';
import { loadDescriptor } from '../product/load.js';
import { queryRpmVersion } from '../product/rpm-query.js';
import { readStoredState, type StoredState } from '../product/stored-state.js';
import { readMarker, type Marker } from '../run/marker.js';
import { productPaths } from '../run/paths.js';
import type { CommandContext } from './command.js';

export interface ProductView {
  descriptor: Descriptor;
  build: BuildInfo;
  stored: StoredState;
  marker: Marker | undefined;
  decision: Decision;
}

export function loadProduct(ctx: CommandContext, ref: string): Descriptor {
  return loadDescriptor(ref, ctx.env, (line) => ctx.terminal.warn(line));
}

export function viewProduct(ctx: CommandContext, descriptor: Descriptor): ProductView {
  const build = resolveBuildInfo(descriptor, ctx.options.buildVersion, queryRpmVersion);
  const stored = readStoredState(descriptor);
  const marker = readMarker(productPaths(descriptor).marker);
  const view = { descriptor, build, stored, marker };
  return { ...view, decision: decide(decisionInputFor(view, ctx.options.skipVersionCheck)) };
}
