// A throwaway systemd container for `matrix` and `rehearse` (issue 24, docs/rehearse.md): an overlay of the
// given root layers with its writes in a tmpfs, booted with systemd-nspawn (or podman where nspawn is
// missing, with its storage in the same tmpfs) on a loopback-only network; one
// job script runs inside, writing each step's exit status, duration and output under a results directory the
// tool reads afterwards.
//
// Kill safety: the driver runs as PID 1 of its own PID and mount namespace (unshare --kill-child) under
// `setpriv --pdeathsig KILL`: when the tool dies, even by SIGKILL, the kernel kills the driver, then every
// process of the namespace (nspawn, the container), and drops every mount. What is left on the host is one
// directory, `TMP/upgrade-hook-sandbox.PID.*`, which the next run removes once PID is gone (sweepLeftovers).
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import { commandEnv } from '../proc/command-env.js';
import { whenInterrupted } from '../proc/interruption.js';
import { isAlive } from '../proc/process-tree.js';

const PREFIX = 'upgrade-hook-sandbox.';
/** Where the job and its results appear inside the container. */
export const INSIDE = '/mnt/upgrade-hook-sandbox';

/** What boots the container: systemd-nspawn, or podman (`--rootfs`) where nspawn is missing. */
export type Engine = 'nspawn' | 'podman';

export interface Bind {
  src: string;
  dst: string;
  readOnly: boolean;
}

export interface ContainerSpec {
  /** Root layers, topmost first (overlay lowerdirs). */
  lowers: string[];
  /** Extra binds (the RPM directories, a data copy). */
  binds: Bind[];
  /** The job: a bash script run inside as root once the system is up (steps with `step NAME -- CMD`). */
  job: string;
  /** The whole container's time limit, in seconds. */
  timeoutSec: number;
  /** Host directory for the sandbox's own directory (default /var/tmp). */
  tmp?: string;
  /** Arguments for the container's systemd, e.g. `systemd.unit=sysinit.target` (boot only that far). */
  initArgs?: string[];
  /** What boots it (requireSandboxTools says which is there). */
  engine: Engine;
}

export interface JobStep {
  step: string;
  /** The version the data is at after it (set by the job with `at VERSION`). */
  version: string;
  exit: number;
  ms: number;
  tail: string;
  /** What the step printed, whole (digest steps: the digest). */
  out: string;
}

export interface ContainerResult {
  /** The driver's exit status: 0, or what failed (boot, timeout). */
  exit: number;
  steps: JobStep[];
  /** The driver's own messages and the end of the container's console, when it failed. */
  log: string;
  ms: number;
  /** Packets the container sent on interfaces other than lo (null: not counted). */
  txPackets: number | null;
}

// The job's prelude: `at VERSION` says what the data is at; `step NAME -- CMD…` runs CMD, keeps its output
// and records exit status and duration; a failing step ends the job (the rest would judge broken data).
const PRELUDE = `set -u
R=${INSIDE}/results; N=0; AT=-
at() { AT=$1; }
step() {
  local name=$1; shift; [ "$1" = -- ] && shift
  N=$((N + 1)); local f; f=$(printf '%s/steps/%03d' "$R" "$N")
  printf '%s\\n' "$name" >"$f.name"; printf '%s\\n' "$AT" >"$f.at"
  local t0 t1 rc=0; t0=$(date +%s%N)
  "$@" >"$f.out" 2>&1 </dev/null || rc=$?
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 )) >"$f.ms"; echo "$rc" >"$f.rc"
  [ "$rc" = 0 ] || exit 0
}
tx_packets() { local n=0 d; for d in /sys/class/net/*; do [ "\${d##*/}" = lo ] && continue; n=$((n + $(cat "$d/statistics/tx_packets"))); done; echo $n; }
mkdir -p "$R/steps"; tx_packets >"$R/tx.before"
trap 'tx_packets >"$R/tx.after"' EXIT
`;

// The driver: PID 1 of a private PID and mount namespace. $1 the sandbox dir, $2 the lowerdirs, $3 the
// machine name, $4 the time limit, $5 systemd's arguments, $6 the engine (nspawn or podman); then the
// engine's bind options.
const DRIVER = `set -euo pipefail
D=$1; LOWERS=$2; NAME=$3; LIMIT=$4; INIT=$5; ENGINE=$6; shift 6
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
log() { printf '[sandbox] %s\\n' "$*" >>"$D/results/driver.log"; }
M=$D/mnt; BOOTER=; PID1=; CGPARENT=; OWN_CGROUPS=
inside() { nsenter -t "$PID1" -a env -i PATH=$PATH HOME=/root LANG=C.UTF-8 TERM=dumb "$@"; }
cleanup() {
  local rc=$?; trap - EXIT INT TERM HUP
  if [ -n "$BOOTER" ] && kill -0 "$BOOTER" 2>/dev/null; then
    [ -n "$PID1" ] && inside systemctl poweroff --no-block >/dev/null 2>&1 || true
    for _ in $(seq 100); do kill -0 "$BOOTER" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$BOOTER" 2>/dev/null && { log "the container did not power off in 10 s: killed"; kill -KILL "$PID1" "$BOOTER" 2>/dev/null || true; }
    wait "$BOOTER" 2>/dev/null || true
  fi
  [ -f "$M/console.log" ] && [ "$rc" != 0 ] && tail -n 30 "$M/console.log" >>"$D/results/driver.log" 2>/dev/null
  # the cgroups made for this run (rmdir: only empty ones go), after leaving the driver's own
  for h in $OWN_CGROUPS; do echo 0 >"$h/cgroup.procs" 2>/dev/null || true; done
  for h in /sys/fs/cgroup/*/; do
    if [ -n "$CGPARENT" ] && [ -d "$h\${CGPARENT#/}" ]; then find "$h\${CGPARENT#/}" -depth -type d -exec rmdir {} + 2>/dev/null || true; fi
    if [ -n "$OWN_CGROUPS" ] && [ -d "$h$NAME" ]; then find "$h$NAME" -depth -type d -exec rmdir {} + 2>/dev/null || true; fi
  done
  exit "$rc"
}
trap cleanup EXIT; trap 'exit 143' TERM; trap 'exit 130' INT; trap 'exit 129' HUP
mount -t tmpfs -o mode=0700 uh-sandbox "$M"
mkdir -p "$M/up" "$M/work" "$M/tree"
mount -t overlay uh-sandbox -o "lowerdir=$LOWERS,upperdir=$M/up,workdir=$M/work" "$M/tree"
# Without systemd (a build host, CI) the driver would start the container in the top cgroup, where nspawn
# leaves its payload/ and supervisor/: a cgroup of its own in each hierarchy it can write instead, removed at
# the end (a killed run's by the next one's sweep, by the PID in its name).
if [ ! -d /run/systemd/system ]; then
  for h in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified; do
    [ -w "$h/cgroup.procs" ] && mkdir -p "$h/$NAME" && echo 0 >"$h/$NAME/cgroup.procs" && OWN_CGROUPS="$OWN_CGROUPS $h"
  done
fi
t0=$SECONDS
if [ "$ENGINE" = nspawn ]; then
  # nspawn keeps locks and propagation dirs in /run/systemd/nspawn: a private tmpfs keeps them off the host
  mkdir -p /run/systemd/nspawn && mount -t tmpfs -o mode=0755 uh-nspawn /run/systemd/nspawn
  setsid systemd-nspawn --quiet --console=pipe --register=no --keep-unit --link-journal=no -M "$NAME" \\
    --private-network -b -D "$M/tree" "$@" $INIT </dev/null >"$M/console.log" 2>&1 &
  BOOTER=$!
  pid1() { awk '{print $1}' "/proc/$BOOTER/task/$BOOTER/children" 2>/dev/null || true; }
else
  # podman with its storage, run and tmp dirs in tmpfs mounts of this namespace: nothing of it stays on the
  # host (the run dir must have a short path, podman refuses one over 50 characters: a private tmpfs over
  # /run/upgrade-hook/sandbox, which only that empty directory outlives); the cgroup manager is cgroupfs
  # (inside the delegated scope, if any)
  R=/run/upgrade-hook/sandbox
  mkdir -p "$R" && mount -t tmpfs -o mode=0700 uh-podman "$R"
  P="podman --root $M/podman/storage --runroot $R/run --tmpdir $R/tmp --cgroup-manager=cgroupfs --events-backend=none"
  if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
    CGROUPS=--cgroupns=private
  else
    # cgroup v1 or hybrid (both measured here): the container's systemd must see its real cgroup path (the
    # host's cgroup namespace); in a namespace of its own it took the v1 hierarchy's top for its root and
    # made init.scope and system.slice there. And it must not mount cgroup2 itself: from the host's cgroup
    # namespace that turns nsdelegate on for the whole machine, and every nspawn container started later
    # failed systemd-run --scope. Legacy mode, with a read-only tmpfs where it would mount cgroup2 (with
    # CAP_SYS_ADMIN it mounts it even when told legacy, measured). crun refuses these hosts: runc.
    # The container's cgroups go below the driver's own (the delegated scope, if any), not at the top of
    # every hierarchy where podman's cgroupfs manager puts them by default; removed at the end.
    OWN=$(awk -F: '$2 == "name=systemd" || ($1 == 0 && $2 == "") { print $3; exit }' /proc/self/cgroup)
    CGPARENT=\${OWN%/}/$NAME
    CGROUPS="--cgroupns=host --cgroup-parent=$CGPARENT --tmpfs /sys/fs/cgroup/unified:ro"
    INIT="$INIT systemd.unified_cgroup_hierarchy=0 systemd.legacy_systemd_cgroup_controller=1"
    command -v runc >/dev/null && P="$P --runtime runc"
  fi
  INIT_BIN=/usr/lib/systemd/systemd; [ -x "$M/tree$INIT_BIN" ] || INIT_BIN=/lib/systemd/systemd
  # nspawn's capability set (podman's default lacks CAP_SYS_ADMIN, which units with PrivateTmp= and the like
  # need); no SELinux label: the container runs the host's own files, as under nspawn
  CAPS=; for c in AUDIT_CONTROL AUDIT_WRITE DAC_READ_SEARCH IPC_OWNER LEASE LINUX_IMMUTABLE MKNOD NET_BROADCAST \\
    NET_RAW SYS_ADMIN SYS_BOOT SYS_NICE SYS_PTRACE SYS_RESOURCE SYS_TTY_CONFIG; do CAPS="$CAPS --cap-add=CAP_$c"; done
  setsid $P run --rm --name "$NAME" --network=none $CGROUPS --systemd=always --security-opt label=disable $CAPS \\
    --tmpfs /tmp:rw,notmpcopyup --tmpfs /run:rw,notmpcopyup --tmpfs /var/log/journal:rw,notmpcopyup \\
    "$@" --rootfs "$M/tree" "$INIT_BIN" $INIT </dev/null >"$M/console.log" 2>&1 &
  BOOTER=$!
  pid1() { $P inspect --format '{{.State.Pid}}' "$NAME" 2>/dev/null | grep -v '^0$' || true; }
fi
while [ -z "$PID1" ]; do
  kill -0 "$BOOTER" 2>/dev/null || { log "$ENGINE exited early"; exit 70; }
  PID1=$(pid1)
  [ -n "$PID1" ] && [ "$(cat "/proc/$PID1/comm" 2>/dev/null)" != systemd ] && PID1=
  [ $((SECONDS - t0)) -lt 60 ] || { log "no systemd in the container after 60 s"; exit 70; }
  [ -n "$PID1" ] || sleep 0.05
done
while [ ! -S "/proc/$PID1/root/run/systemd/private" ]; do
  [ $((SECONDS - t0)) -lt 60 ] || { log "systemd's bus did not appear after 60 s"; exit 70; }
  sleep 0.05
done
state=$(timeout 120 nsenter -t "$PID1" -a env -i PATH=$PATH systemctl is-system-running --wait 2>/dev/null || true)
log "booted by $ENGINE in $((SECONDS - t0)) s: $state"
rc=0
inside timeout "$LIMIT" bash -c '. ${INSIDE}/prelude; . ${INSIDE}/job' >"$D/results/job.log" 2>&1 || rc=$?
[ "$rc" = 124 ] && log "the job did not end within $LIMIT s: stopped"
exit "$rc"
`;

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`], { env: commandEnv({}) }).status === 0;

/**
 * The engine that boots the containers: `UPGRADE_HOOK_SANDBOX_ENGINE` (nspawn or podman) when set, else
 * systemd-nspawn, else podman. Every program the driver needs is checked before anything is touched; a
 * missing one is named with its package.
 */
export function requireSandboxTools(what: string, env: NodeJS.ProcessEnv = process.env): Engine {
  const asked = env.UPGRADE_HOOK_SANDBOX_ENGINE;
  if (asked !== undefined && asked !== '' && asked !== 'nspawn' && asked !== 'podman')
    throw new UpgradeHookError('USAGE', `UPGRADE_HOOK_SANDBOX_ENGINE=${asked}: not an engine`, {
      hint: 'set it to nspawn or podman, or unset it (nspawn where installed, else podman)',
    });
  const engine: Engine =
    asked === 'podman' || (asked !== 'nspawn' && !has('systemd-nspawn') && has('podman')) ? 'podman' : 'nspawn';
  const need: Array<[string, string]> = [
    engine === 'nspawn' ? ['systemd-nspawn', 'systemd-container (or podman)'] : ['podman', 'podman'],
    ['unshare', 'util-linux'],
    ['nsenter', 'util-linux'],
    ['setpriv', 'util-linux'],
  ];
  for (const [tool, pkg] of need) {
    if (!has(tool))
      throw new UpgradeHookError(
        'USAGE',
        `${what} needs ${tool} to boot its throwaway container; it is not installed`,
        {
          hint: `install it: dnf install ${pkg}`,
        },
      );
  }
  return engine;
}

/** Runs the job in a fresh container and returns what it recorded; the container and its mounts are gone. */
export async function runContainer(spec: ContainerSpec): Promise<ContainerResult> {
  // the bottom layer is the OS; the ones above it may hold only what they add
  const os = spec.lowers.at(-1);
  if (os === undefined || !existsSync(join(os, 'usr')))
    throw new UpgradeHookError('USAGE', `${os ?? '(no root)'}: not an OS tree (no usr/ in it)`);
  const base = spec.tmp ?? '/var/tmp';
  sweepLeftovers(base);
  const d = mkdtempSync(join(base, `${PREFIX}${process.pid}.`));
  const t0 = performance.now();
  try {
    mkdirSync(join(d, 'mnt'));
    mkdirSync(join(d, 'results'));
    mkdirSync(join(d, 'job'));
    writeFileSync(join(d, 'job/prelude'), PRELUDE);
    writeFileSync(join(d, 'job/job'), spec.job);
    const binds = [
      { src: join(d, 'job/prelude'), dst: `${INSIDE}/prelude`, readOnly: true },
      { src: join(d, 'job/job'), dst: `${INSIDE}/job`, readOnly: true },
      { src: join(d, 'results'), dst: `${INSIDE}/results`, readOnly: false },
      ...spec.binds,
    ].map((b) => bindOption(spec.engine, b));
    const name = `uh-sbx-${process.pid}-${d.slice(-6).replace(/[^A-Za-z0-9]/g, 'x')}`;
    const inner = [
      'unshare',
      '--mount',
      '--propagation',
      'private',
      '--pid',
      '--fork',
      '--kill-child',
      '--mount-proc',
      'bash',
      '-c',
      DRIVER,
      'upgrade-hook-sandbox',
      d,
      spec.lowers.join(':'),
      name,
      String(spec.timeoutSec),
      (spec.initArgs ?? []).join(' '),
      spec.engine,
      ...binds,
    ];
    // on a systemd host nspawn needs a cgroup of its own to delegate: a transient scope around the driver
    const scoped = existsSync('/run/systemd/system')
      ? ['systemd-run', '--quiet', '--scope', '--collect', '-p', 'Delegate=yes', ...inner]
      : inner;
    const exit = await new Promise<number>((resolve) => {
      const child = spawn('setpriv', ['--pdeathsig', 'KILL', ...scoped], {
        env: commandEnv({}),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (b: Buffer) => {
        err = (err + b.toString()).slice(-8192);
      });
      // Ctrl-C or SIGTERM to the tool: the driver powers the container off and exits
      const forget = whenInterrupted(() => child.kill('SIGTERM'));
      child.on('error', () => resolve(127));
      child.on('close', (code, signal) => {
        forget();
        if (err.trim() !== '') appendLog(d, err);
        resolve(code ?? (signal ? 128 : 1));
      });
    });
    return {
      exit,
      steps: readSteps(join(d, 'results')),
      log: readOr(join(d, 'results/driver.log')) + readOr(join(d, 'results/job.log')).slice(-4000),
      ms: Math.round(performance.now() - t0),
      txPackets: txPackets(join(d, 'results')),
    };
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}

// A killed podman run's cgroups (`uh-sbx-PID-*` below the top of each hierarchy, where a driver outside any
// systemd scope puts them) are removed once PID is gone; inside a scope, systemd removes them with it.
function sweepCgroups(): void {
  let hierarchies: string[];
  try {
    hierarchies = readdirSync('/sys/fs/cgroup').map((h) => join('/sys/fs/cgroup', h));
  } catch {
    return;
  }
  for (const h of hierarchies) {
    let names: string[];
    try {
      names = readdirSync(h);
    } catch {
      continue;
    }
    for (const n of names) {
      const m = /^uh-sbx-(\d+)-/.exec(n);
      if (!m || Number(m[1]) === process.pid || isAlive(Number(m[1]))) continue;
      // rmdir only: a cgroup with a process in it stays
      spawnSync('find', [join(h, n), '-depth', '-type', 'd', '-exec', 'rmdir', '{}', '+'], { env: commandEnv({}) });
    }
  }
}

function bindOption(engine: Engine, b: Bind): string {
  if (engine === 'nspawn') return `--bind${b.readOnly ? '-ro' : ''}=${b.src}:${b.dst}`;
  return `--volume=${b.src}:${b.dst}:${b.readOnly ? 'ro' : 'rw'}`;
}

function appendLog(d: string, text: string): void {
  try {
    appendFileSync(join(d, 'results/driver.log'), text);
  } catch {
    // the log is best effort
  }
}

function readOr(p: string): string {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}

function txPackets(results: string): number | null {
  const a = Number.parseInt(readOr(join(results, 'tx.before')), 10);
  const b = Number.parseInt(readOr(join(results, 'tx.after')), 10);
  return Number.isFinite(a) && Number.isFinite(b) ? b - a : null;
}

export function readSteps(results: string): JobStep[] {
  const dir = join(results, 'steps');
  if (!existsSync(dir)) return [];
  const ids = [
    ...new Set(
      readdirSync(dir)
        .map((n) => n.split('.')[0] ?? '')
        .filter((n) => /^\d+$/.test(n)),
    ),
  ].sort();
  return ids.map((id) => {
    const f = (ext: string) => readOr(join(dir, `${id}.${ext}`));
    const out = f('out');
    const rc = f('rc').trim();
    return {
      step: f('name').trim(),
      version: f('at').trim(),
      // a step without an exit status was cut short (the job was stopped, the container died)
      exit: rc === '' ? -1 : Number(rc),
      ms: Number(f('ms').trim() || 0),
      tail: out.split('\n').slice(-21).join('\n').trimEnd(),
      out,
    };
  });
}

/** Removes the sandbox directories of runs whose process is gone (a killed tool's leftovers). */
export function sweepLeftovers(base: string): string[] {
  sweepCgroups();
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return removed;
  }
  for (const n of names) {
    const m = /^upgrade-hook-sandbox\.(\d+)\./.exec(n);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    const p = join(base, n);
    // only our own directories: root's, a real directory (no link followed)
    const st = lstatSync(p);
    if (!st.isDirectory() || st.uid !== 0) continue;
    spawnSync('rm', ['-rf', '--one-file-system', '--', p], { env: commandEnv({}) });
    removed.push(p);
  }
  return removed;
}
