// The product's services for `backup` and `rollback`, telling what they do in the log and (with -d) the terminal.
import type { ProductLog } from '../log/product-log.js';
import type { Terminal } from '../log/terminal.js';
import type { Descriptor } from '../product/descriptor.js';
import { realRunnerIO } from '../run/runner-io.js';
import type { ProductServices } from '../run/services.js';
import { commandEnv } from '../proc/command-env.js';

export function productServices(
  d: Descriptor,
  env: NodeJS.ProcessEnv,
  terminal: Terminal,
  productLog: ProductLog,
): ProductServices {
  return {
    d,
    io: realRunnerIO(),
    env: toolEnv(env),
    out: {
      progress: (l) => terminal.progress(l),
      progressDone: () => terminal.progressDone(),
      live: terminal.live,
      log: (l, f) => {
        productLog.info(l, f);
        terminal.detail(l);
      },
    },
  };
}

/**
 * The environment of `backup`'s and `rollback`'s commands (services, sync, dump, restore): the fixed one of
 * proc/command-env.ts. The caller's environment is taken and ignored (before, its PATH was passed on).
 */
export const toolEnv = (_callerEnv?: NodeJS.ProcessEnv) => commandEnv();
