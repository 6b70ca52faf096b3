import { realRunnerIO } from '../run/runner-io.js';
import { commandEnv } from '../proc/command-env.js';
export function productServices(d, env, terminal, productLog) {
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
export const toolEnv = (_callerEnv) => commandEnv();
