import { COMMAND_PATH } from '../proc/command-env.js';
/** The scripts' PATH after the tool's own directory: the one every command gets. */
export const SCRIPT_PATH = COMMAND_PATH;
export function scriptEnvironment(i) {
    const env = {
        PATH: `${i.toolDir}:${SCRIPT_PATH}`,
        UPGRADE_HOOK: i.tool,
        LANG: 'C.UTF-8',
        LC_ALL: 'C.UTF-8',
        HOME: i.home,
        TMPDIR: i.tmpdir,
        PYTHONDONTWRITEBYTECODE: '1',
        UPGRADE_HOOK_PRODUCT: i.product,
        UPGRADE_HOOK_FROM_VERSION: i.from,
        UPGRADE_HOOK_TO_VERSION: i.to,
        UPGRADE_HOOK_PHASE: i.phase,
        UPGRADE_HOOK_KIND: i.kind,
        UPGRADE_HOOK_SCRIPT: `${i.kind}/${i.script}`,
        UPGRADE_HOOK_STATE_FILE: i.stateFile,
        UPGRADE_HOOK_RESTART_FILE: i.restartFile,
        UPGRADE_HOOK_LOCK_TOKEN: i.lockToken,
        UPGRADE_HOOK_RUN: i.runId,
        ...i.passThrough,
    };
    if (i.result)
        env.UPGRADE_HOOK_RESULT = i.result;
    return env;
}
export function passThroughEnv(env) {
    const out = {};
    for (const k of ['UPGRADE_HOOK_CONFIG_PATH', 'UPGRADE_HOOK_LOCK_DIR'])
        if (env[k])
            out[k] = env[k];
    return out;
}
