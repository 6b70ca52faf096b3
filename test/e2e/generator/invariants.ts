// The invariant checker: what must hold after every generated sequence, whatever the tool did inside,
// judged from what the runner left (snapshots, the commands' exit codes, the scripts' evidence, the
// daemons' starts). Pure over the files of one case's results folder.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Case, ProductSpec, UnitSpec } from './model.js';

export interface Violation {
  invariant: string;
  detail: string;
}

interface UnitSnap {
  active: string;
  sub: string;
  result: string;
  code: string | null;
}
interface ProductSnap {
  packages: string[];
  dataVersion: string | null;
  format: string | null;
  marker: { state?: string; reason?: string; unparsed?: string } | null;
  status: { state?: string } | null;
  checkRc: number | null;
  stoppedUnits: string | null;
  historyBadLines: number;
  stateParses: number | null;
}
interface Snap {
  label: string;
  units: Record<string, UnitSnap>;
  products: Record<string, ProductSnap>;
  failedUnits: string[];
}
interface Command {
  t: number;
  step: number;
  name: string;
  kind: string;
  rc: number;
  cmd: string;
}
interface Evidence {
  script: string;
  version: string;
  product: string;
  phase: string;
  event: 'start' | 'done';
  units?: Record<string, string>;
  t: number;
  /** The run id the script ran in (UPGRADE_HOOK_RUN). */
  run?: string;
}
interface Start {
  unit: string;
  gated: boolean;
  code: string | null;
  format: string | null;
  t: number;
}

function lines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as T];
      } catch {
        return [];
      }
    });
}

const down = (s: string | undefined) => s === 'inactive' || s === 'failed';

// Units whose "active" is a lasting state worth comparing before/after (not oneshots that exit, not the
// jobs timers and path units start).
function lasting(u: UnitSpec): boolean {
  if (u.kind === 'job') return false;
  if (u.type === 'oneshot' && !u.remainAfterExit) return false;
  return true;
}

export function checkCase(c: Case, dir: string): Violation[] {
  const v: Violation[] = [];
  const add = (invariant: string, detail: string) => v.push({ invariant, detail });
  const snap = (label: string): Snap | undefined =>
    existsSync(join(dir, `snap-${label}.json`))
      ? (JSON.parse(readFileSync(join(dir, `snap-${label}.json`), 'utf8')) as Snap)
      : undefined;
  const commands = lines<Command>(join(dir, 'commands.jsonl'));
  // (a rollback concerns the products with a [backup] section; it takes them back to 1.1)
  const finalVersion = (p: ProductSpec) => (c.rollback && p.backup ? '1.1' : c.steps[c.steps.length - 1]!.to);

  if (!existsSync(join(dir, 'done'))) add('the sequence ran to its end', `no "done" in ${dir} (see the story)`);

  for (const x of commands.filter((x) => x.kind === 'setup' && x.rc !== 0))
    add('harness: setup', `${x.cmd} -> exit ${x.rc} (${x.name}.out)`);
  for (const x of commands.filter((x) => x.kind === 'admin' && x.rc !== 0)) {
    // preflight (issue 23) vetoes a dnf upgrade of a product an earlier step left failed: that is the tool
    // doing right; the earlier failure is judged on its own step
    const before = snap(`before-${x.step}`);
    const leftFailed = c.products.some((p) => before?.products[p.name]?.marker?.state === 'failed');
    if (leftFailed && /upgrade-hook: the transaction would install a build/.test(readOut(dir, x.name))) continue;
    // a gate SIGKILLed (the fault) while an admin's start waited for it fails that start: the kill did, not
    // the gate; what must hold is that the rerun brings everything back (judged below)
    const gateKilled = lines<{ fault: string; hit?: boolean; command?: string; step?: number }>(
      join(dir, 'faults.jsonl'),
    ).some((f) => f.fault === 'kill-tool' && f.hit && f.step === x.step && /^upgrade-hook gate /.test(f.command ?? ''));
    if (gateKilled && /dependency/i.test(readOut(dir, x.name))) continue;
    add('no admin command failed', `step ${x.step}: ${x.cmd} -> exit ${x.rc}: ${tail(dir, x.name)}`);
  }
  for (const x of commands.filter((x) => x.kind === 'recover' && x.rc !== 0))
    add('the recovery the tool advises works', `step ${x.step}: ${x.cmd} -> exit ${x.rc}: ${tail(dir, x.name)}`);

  const lastingUnits = c.products.flatMap((p) => p.units.filter(lasting).map((u) => u.name));
  for (let k = 0; k < c.steps.length; k++) {
    const before = snap(`before-${k}`);
    const after = snap(`after-${k}`);
    if (!before || !after) continue;
    const lost = lastingUnits.filter(
      (u) => before.units[u]?.active === 'active' && after.units[u]?.active !== 'active',
    );
    if (lost.length)
      add(
        'every unit active before is active after',
        `step ${k}: ${lost.map((u) => `${u} ${after.units[u]?.active}/${after.units[u]?.sub} (${after.units[u]?.result})`).join(', ')}`,
      );
    for (const p of c.products) {
      const s = after.products[p.name];
      if (!s) continue;
      if (s.historyBadLines)
        add(
          "the tool's files stay consistent",
          `step ${k}: ${p.name} history has ${s.historyBadLines} unparsable lines`,
        );
      if (s.marker?.unparsed !== undefined)
        add("the tool's files stay consistent", `step ${k}: ${p.name} marker does not parse`);
      if (s.stateParses !== 0)
        add("the tool's files stay consistent", `step ${k}: ${p.name} state get exit ${s.stateParses}`);
      const upToDate = s.checkRc === 0;
      const truth = upToDate ? 'up-to-date' : undefined;
      if ((s.status?.state === 'up-to-date') !== (truth === 'up-to-date'))
        add(
          'status --json tells the truth',
          `step ${k}: ${p.name} status says ${s.status?.state}, check exit ${s.checkRc}`,
        );
      if (upToDate) {
        if (s.marker)
          add(
            "the tool's files stay consistent",
            `step ${k}: ${p.name} up to date with a marker ${s.marker.state}/${s.marker.reason}`,
          );
        if (s.stoppedUnits !== null)
          add(
            "the tool's files stay consistent",
            `step ${k}: ${p.name} up to date with stopped-units left: ${s.stoppedUnits.trim()}`,
          );
        const failedTool = after.failedUnits.filter(
          (u) => u.startsWith('upgrade-hook') && u.endsWith(`@${p.name}.service`),
        );
        if (failedTool.length) add('no failed upgrade-hook unit after success', `step ${k}: ${failedTool.join(' ')}`);
      }
      const failedOwn = after.failedUnits.filter((u) => u.startsWith(`${p.name}-`) || u === `${p.name}.target`);
      if (failedOwn.length) add('no unit of the product failed', `step ${k}: ${failedOwn.join(' ')}`);
    }
    const failedSnap = snap(`failed-${k}`);
    if (failedSnap)
      for (const p of c.products) {
        const st = failedSnap.products[p.name]?.status?.state;
        // a restart of a target that only Wants= the apps restarts none of them: the upgrade is still
        // deferred, no precheck ran, and status says so with its WARNING about that target
        const wantsOnly = /WARNING: \S+\.target only Wants=/.test(readOut(dir, `status-failed-${p.name}-${k}`));
        if (st === 'deferred' && wantsOnly) continue;
        if (st !== 'failed')
          add('status --json tells the truth', `step ${k}: while the precheck fails ${p.name} status says ${st}`);
      }
  }

  const end = snap(c.rollback ? 'after-rollback' : `after-${c.steps.length - 1}`);
  if (end)
    for (const p of c.products) {
      const s = end.products[p.name]!;
      const want = `${finalVersion(p)}-1`;
      if (s.packages.join(',') !== want || s.dataVersion !== want || s.format !== want || s.marker)
        add(
          'the product ends upgraded',
          `${p.name}: packages ${s.packages.join(',')}, data ${s.dataVersion}, format ${s.format}, marker ${s.marker ? `${s.marker.state}/${s.marker.reason}` : 'none'} (wanted ${want})`,
        );
      for (const u of p.units.filter((x) => x.gated)) {
        const us = end.units[u.name];
        if (us?.active === 'active' && us.code && us.code !== want)
          add('never new code on old data', `${u.name} still runs ${us.code} at the end`);
      }
    }

  for (const p of c.products) {
    const ev = lines<Evidence>(join(dir, `evidence-${p.name}.jsonl`));
    // (a rollback puts the history back as it was before the upgrade: its scripts may then run again, once)
    const rolledBackAt = commands.find((x) => x.name === `rollback-${p.name}`)?.t ?? Number.POSITIVE_INFINITY;
    for (const [label, part] of [
      ['', ev.filter((x) => x.t < rolledBackAt)],
      [' after the rollback', ev.filter((x) => x.t >= rolledBackAt)],
    ] as const) {
      const doneCount = new Map<string, number>();
      // A power cut between a script's own last write and the tool's durable end record cannot be told from
      // one before it: across a power cut a once-script runs at least once, not exactly once (RELIABILITY.md).
      // Such a completion is not counted when the cut fell within a second of it and the tool recorded no end.
      // A SIGKILL of the gate is such a cut for its script too: systemd then stops the gate's whole cgroup
      // (SIGTERM), the script's own session with it; a script that wrote its end and was killed before it
      // exited died by a signal as far as anyone can tell (seed 10032).
      const cuts = lines<{ fault: string; hit?: boolean; t: number; command?: string }>(
        join(dir, 'faults.jsonl'),
      ).filter(
        (f) =>
          f.hit &&
          (f.fault === 'power-cut' || (f.fault === 'kill-tool' && /^upgrade-hook gate /.test(f.command ?? ''))),
      );
      const ended = lines<{ t: string; run: string; script?: string }>(join(dir, `history-${p.name}.jsonl`)).filter(
        (r) => r.t === 'script-end',
      );
      const cutShort = (e: Evidence) =>
        cuts.some((f) => Math.abs(e.t - f.t) < 1) && !ended.some((r) => r.run === e.run && r.script === e.script);
      for (const e of part.filter((x) => x.event === 'done' && !cutShort(x)))
        doneCount.set(e.script, (doneCount.get(e.script) ?? 0) + 1);
      for (const [s, n] of doneCount)
        if (n > 1) add('no once-script completed twice', `${p.name}: ${s} completed ${n} times${label}`);
    }
    const offlineMustBeDown = offlineUnits(p);
    for (const e of ev.filter((x) => x.event === 'start' && x.phase === 'offline')) {
      const up = offlineMustBeDown.filter((u) => e.units && !down(e.units[u]));
      if (up.length)
        add(
          'no offline script ran with a product unit or a backend up',
          `${p.name}: ${e.script}: ${up.map((u) => `${u}=${e.units![u]}`).join(' ')}`,
        );
    }
    for (const s of lines<Start>(join(dir, `starts-${p.name}.jsonl`)).filter((x) => x.gated && x.code !== x.format))
      add('never new code on old data', `${s.unit} started with code ${s.code} on data ${s.format} at ${s.t}`);
  }
  return v;
}

// For product P's offline phase: its units behind the gate, its triggers, its backends (shared ones too).
function offlineUnits(p: ProductSpec): string[] {
  return [
    ...p.units
      .filter((u) => u.gated || u.kind === 'socket' || u.kind === 'path' || u.kind === 'timer' || u.kind === 'backend')
      .map((u) => u.name),
    ...p.sharedBackends,
  ];
}

function tail(dir: string, name: string): string {
  const p = join(dir, `${name}.out`);
  if (!existsSync(p)) return '';
  return readFileSync(p, 'utf8').trim().split('\n').slice(-2).join(' | ').slice(0, 300);
}

function readOut(dir: string, name: string): string {
  const p = join(dir, `${name}.out`);
  return existsSync(p) ? readFileSync(p, 'utf8') : '';
}
