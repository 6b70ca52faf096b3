// The clean environment every upgrade script gets (DESIGN §7): nothing leaks in from the caller.
import type { ScriptKind } from './script.js';
import { COMMAND_PATH } from '../proc/command-env.js';

/** The scripts' PATH after the tool's own directory: the one every command gets. */
export const SCRIPT_PATH = COMMAND_PATH;

export interface ScriptEnvInput {
  product: string;
  from: string;
  to: string;
  phase: string;
  kind: ScriptKind;
  /** The script's file name: KIND/NAME goes to UPGRADE_HOOK_SCRIPT, which the orphan check matches. */
  script: string;
  stateFile: string;
  restartFile: string;
  lockToken: string;
  runId: string;
  home: string;
  tmpdir: string;
  result: 'success' | 'failed' | undefined;
  /** A directory holding an `upgrade-hook` link to the running tool, put first on PATH. */
  toolDir: string;
  /** The running tool itself, so scripts call the same version that runs them. */
  tool: string;
  /** UPGRADE_HOOK_CONFIG_PATH and UPGRADE_HOOK_LOCK_DIR, passed on so `upgrade-hook state` finds the same product and lock. */
  passThrough: Record<string, string>;
}

export function scriptEnvironment(i: ScriptEnvInput): Record<string, string> {
  const env: Record<string, string> = {
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
  if (i.result) env.UPGRADE_HOOK_RESULT = i.result;
  return env;
}

export function passThroughEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['UPGRADE_HOOK_CONFIG_PATH', 'UPGRADE_HOOK_LOCK_DIR']) if (env[k]) out[k] = env[k]!;
  return out;
}
