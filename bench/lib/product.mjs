// A throw-away product for the benchmark, entirely inside one temp dir: descriptor, scripts, state file,
// var_dir (history, marker), log and lock dir, reached through UPGRADE_HOOK_CONFIG_PATH / _LOCK_DIR.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const OLD = '1.0-1';
export const NEW = '1.1-1';
export const PLATFORM = 'bench';
const SCRIPT = '#!/bin/sh\n:\n';

/** The environment a scriptlet or a unit gets: minimal, and without NODE_* variables that slow node's own start. */
export function cleanEnv(extra = {}) {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    LANG: 'C.UTF-8',
    HOME: '/root',
    ...extra,
  };
}

export function scriptName(i) {
  return `${String(1 + (i % 9999)).padStart(4, '0')}_s${String(i).padStart(5, '0')}`;
}

/** Creates product NAME with `count` once-scripts under `base`; the data is at OLD, the build at NEW. */
export function makeProduct(base, name, count) {
  const root = mkdtempSync(join(base, `${name}-`));
  const dirs = {
    conf: join(root, 'conf'),
    scripts: join(root, 'scripts'),
    var: join(root, 'var'),
    lock: join(root, 'lock'),
    state: join(root, 'state'),
    log: join(root, 'log'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true, mode: 0o755 });
  for (const kind of ['once', 'always']) mkdirSync(join(dirs.scripts, kind), { mode: 0o755 });
  for (const d of [root, dirs.scripts, join(dirs.scripts, 'once'), join(dirs.scripts, 'always')]) chmodSync(d, 0o755);
  const names = [];
  for (let i = 0; i < count; i++) {
    const n = scriptName(i);
    names.push(n);
    writeFileSync(join(dirs.scripts, 'once', n), SCRIPT, { mode: 0o755 });
  }
  writeFileSync(join(root, 'VERSION'), `${NEW}\n`);
  const stateFile = join(dirs.state, 'sysupgrade.state');
  writeFileSync(
    join(dirs.conf, `${name}.conf`),
    [
      '[product]',
      `build_version = file:${join(root, 'VERSION')}`,
      `platform = ${PLATFORM}`,
      `state_file = ${stateFile}`,
      `state_section = ${name}`,
      `scripts = ${dirs.scripts}`,
      `var_dir = ${dirs.var}`,
      `log_file = ${join(dirs.log, 'upgrade.log')}`,
      '',
    ].join('\n'),
  );
  const history = join(dirs.var, 'history.jsonl');
  return {
    name,
    root,
    dirs,
    names,
    stateFile,
    history,
    env: cleanEnv({ UPGRADE_HOOK_CONFIG_PATH: dirs.conf, UPGRADE_HOOK_LOCK_DIR: dirs.lock }),
    onceDir: join(dirs.scripts, 'once'),
    /** Data at `version`, no history, no marker, no log: the state before `dnf update` installed NEW. */
    reset(version = OLD) {
      writeFileSync(stateFile, `[${name}]\ndata_version = ${version}\nplatform = ${PLATFORM}\n\n`, { mode: 0o600 });
      for (const f of [history, join(dirs.var, 'marker'), join(dirs.log, 'upgrade.log')]) rmSync(f, { force: true });
    },
    /** `records` history records: one finished run that ran the first (records - 2) / 2 scripts. */
    writeHistory(records) {
      const sum = `sha256:${createHash('sha256').update(SCRIPT).digest('hex')}`;
      const run = '20260101T000000-1';
      const at = '2026-01-01T00:00:00.000Z';
      const lines = [JSON.stringify({ t: 'run-start', run, at, from: '0.9-1', to: OLD, pid: 1 })];
      for (let i = 0; i < (records - 2) / 2; i++) {
        const base = { run, script: names[i], kind: 'once', phase: 'offline', sum };
        lines.push(JSON.stringify({ t: 'script-start', at, ...base }));
        lines.push(JSON.stringify({ t: 'script-end', at, ...base, result: 'ok', exit: 0, signal: null, ms: 1 }));
      }
      lines.push(JSON.stringify({ t: 'run-end', run, at, result: 'ok' }));
      writeFileSync(history, `${lines.join('\n')}\n`, { mode: 0o600 });
      return lines.length;
    },
    historyLines() {
      return readFileSync(history, 'utf8').split('\n').filter(Boolean).length;
    },
  };
}
