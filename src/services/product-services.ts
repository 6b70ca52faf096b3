// The one builder of a product's services (services.ts's ProductServices) for every command that stops and
// starts them: an upgrade, steps by hand, `backup` and `rollback`. Their commands get the fixed environment
// of proc/command-env.ts, never the caller's; what they do goes to the product's log and (with -d) the terminal.
import type { ProductLog } from '../log/product-log.js';
import type { Terminal } from '../log/terminal.js';
import { commandEnv } from '../proc/command-env.js';
import type { Descriptor } from '../product/descriptor.js';
import type { RunnerIO } from './runner-io.js';
import type { ProductServices } from './services.js';

export function productServices(
  d: Descriptor,
  io: RunnerIO,
  o: { terminal: Terminal; productLog: ProductLog },
): ProductServices {
  return {
    d,
    io,
    env: commandEnv(),
    out: {
      progress: (l) => o.terminal.progress(l),
      progressDone: () => o.terminal.progressDone(),
      live: o.terminal.live,
      log: (l, f) => {
        o.productLog.info(l, f);
        o.terminal.detail(l);
      },
    },
  };
}
