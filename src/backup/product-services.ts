// The product's services for `backup` and `rollback`, telling what they do in the log and (with -d) the terminal.
import type { ProductLog } from '../log/product-log.js';
import type { Terminal } from '../log/terminal.js';
import type { Descriptor } from '../product/descriptor.js';
import { ServiceManager } from '../run/services.js';
import { systemctlWith } from '../systemd/systemctl.js';

export function productServices(d: Descriptor, env: NodeJS.ProcessEnv, terminal: Terminal, productLog: ProductLog): ServiceManager {
  return new ServiceManager(d, {
    env: { PATH: env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    systemctl: systemctlWith(),
    out: {
      progress: (l) => terminal.progress(l),
      progressDone: () => terminal.progressDone(),
      live: terminal.live,
      log: (l, f) => {
        productLog.info(l, f);
        terminal.detail(l);
      },
    },
  });
}

export const toolEnv = (env: NodeJS.ProcessEnv) => ({ PATH: env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' });
