// `history`: every run of a product's upgrade, who started it and how it ended (like `dnf history`), and
// the steps of one run with their durations and exit statuses (like `dnf history info`). Reads only.
import { EXIT, UpgradeHookError, type ExitStatus } from '../errors.js';
import { lockDirectory } from '../lock/lock-dir.js';
import { currentOwner, lockPaths } from '../lock/product-lock.js';
import { productRecords, type HistoryStore } from '../record/stores.js';
import type { HistoryRecord } from '../record/history-record.js';
import {
  between,
  duration,
  findRun,
  listRuns,
  recordProblem,
  runSteps,
  type RunRow,
  type StepRow,
} from '../run/history-view.js';
import { productPaths } from '../record/paths.js';
import { visibleJson, visibleText } from '../log/visible.js';
import type { CommandContext } from '../command.js';
import { loadProduct } from './product-context.js';

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const d = loadProduct(ctx, ctx.args[0]!);
  const path = productPaths(d).history;
  const history = productRecords(d).history;
  const { runs, earlier } = listRuns(checkedRecords(history, path));
  const last = runs.at(-1);
  // the last run without an end is running only while someone holds the lock
  if (last?.result === 'running' && !currentOwner(lockPaths(lockDirectory(ctx.env), d.name)))
    last.result = 'interrupted';
  const ref = ctx.args[1];
  if (ref === undefined) {
    if (ctx.options.json) {
      ctx.print(visibleJson(JSON.stringify({ product: d.name, runs: runs.map(jsonRun), earlier }, null, 2)));
      return EXIT.ok;
    }
    if (runs.length === 0) {
      ctx.print(`${d.name}: no runs recorded (${path})`);
      return EXIT.ok;
    }
    ctx.print(visibleText(listing(d.name, runs, earlier)));
    return EXIT.ok;
  }
  const found = findRun(runs, ref);
  if (!found || 'ambiguous' in found) {
    const candidates = found ? found.ambiguous : runs.slice(-5);
    throw new UpgradeHookError(
      'USAGE',
      `${d.name}: ${found ? `"${ref}" matches ${found.ambiguous.length} runs` : `no run "${ref}" in the history`}${candidates.length ? `; ${found ? 'they are' : 'the last runs are'}: ${candidates.map((r) => r.id).join(', ')}` : ''}`,
      {
        hint: `see: upgrade-hook history ${d.name}`,
      },
    );
  }
  const steps = runSteps(checkedRecords(history, path), found.id);
  if (found.result === 'interrupted') for (const s of steps) if (s.result === 'running') s.result = 'interrupted';
  if (ctx.options.json) {
    ctx.print(
      visibleJson(JSON.stringify({ product: d.name, run: jsonRun(found), steps: steps.map(jsonStep) }, null, 2)),
    );
    return EXIT.ok;
  }
  ctx.print(visibleText(detail(found, steps)));
  return EXIT.ok;
}

// A record of a known kind with a field missing or mistyped (an edit by hand, a tool of the admin's) is named
// with its file and line, as a line that is no JSON is, instead of failing inside the view.
function* checkedRecords(history: HistoryStore, path: string): Generator<HistoryRecord> {
  for (const { lineNo, record } of history.numbered()) {
    const problem = recordProblem(record);
    if (problem)
      throw new UpgradeHookError(
        'HISTORY_CORRUPT',
        `history ${path} line ${lineNo} is not a valid record: ${problem}`,
        {
          hint: `fix or delete that line (sed -i ${lineNo}d ${path}), then rerun; moving the whole file aside would run every once-script again`,
        },
      );
    yield record;
  }
}

const jsonRun = (r: RunRow) => ({ ...r, ms: between(r.startedAt, r.endedAt) });
const jsonStep = (s: StepRow) => ({ ...s });

const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

function starter(r: RunRow): string {
  const who = r.by ?? '?';
  return r.user && (r.by === 'run' || r.by === 'only' || r.by === 'resolve') ? `${who} (${r.user})` : who;
}

function outcome(r: RunRow): string {
  if (r.type === 'resolve')
    return r.reason?.startsWith('new content')
      ? `new content accepted: ${r.script}`
      : r.force
        ? `marked done (--force): ${r.script}`
        : `resolved ${r.script}`;
  if (r.type === 'stamp') return `stamp: ${r.steps} baseline(s)`;
  const what = r.result === 'failed' && r.script ? `failed at ${r.script}` : r.result;
  return r.type === 'by-hand' ? `by hand: ${what}` : what;
}

function listing(name: string, runs: RunRow[], earlier: number): string {
  const rows = runs.map((r) => [
    r.id,
    when(r.startedAt),
    r.type === 'resolve' || r.type === 'stamp' ? '-' : duration(between(r.startedAt, r.endedAt)),
    r.from || r.to ? `${r.from ?? ''} -> ${r.to ?? ''}` : '',
    starter(r),
    outcome(r),
  ]);
  const head = ['RUN', 'STARTED (UTC)', 'TOOK', 'FROM -> TO', 'BY', 'RESULT'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const out = [fmt(head), ...rows.map(fmt)];
  if (earlier > 0) out.unshift(`(${earlier} earlier run(s) not shown)`);
  out.push('', `steps of one run: upgrade-hook history ${name} RUN   (RUN: an id, a unique prefix, or last)`);
  return out.join('\n');
}

function detail(r: RunRow, steps: StepRow[]): string {
  const out = [
    `Run         : ${r.id}${r.type === 'by-hand' ? '   ** steps run by hand: not an upgrade **' : ''}`,
    `Started by  : ${starter(r)}`,
    `Begin time  : ${when(r.startedAt)}`,
    `End time    : ${r.endedAt ? `${when(r.endedAt)} (${duration(between(r.startedAt, r.endedAt))})` : '-'}`,
    `Versions    : ${r.from ?? '-'} -> ${r.to ?? '-'}${r.force ? ' (--force)' : ''}`,
    `Result      : ${outcome(r)}${r.reason ? ` (${r.reason})` : ''}`,
  ];
  if (r.only) out.push(`Asked for   : ${r.only.join(' ')}`);
  if (steps.length === 0) return [...out, 'Steps       : none'].join('\n');
  const rows = steps.map((s) => [s.phase, `${s.kind}/${s.step}`, duration(s.ms), stepResult(s)]);
  const head = ['PHASE', 'STEP', 'TOOK', 'RESULT'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => `  ${row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`;
  return [...out, 'Steps       :', fmt(head), ...rows.map(fmt)].join('\n');
}

function stepResult(s: StepRow): string {
  if (s.result === 'ok') return 'ok (exit 0)';
  if (s.result === 'failed') return `failed: ${s.reason ?? (s.signal ? `killed by ${s.signal}` : `exit ${s.exit}`)}`;
  return s.result;
}
