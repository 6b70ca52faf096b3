// `status`: one screen for an admin (like systemctl status), or a stable JSON document for monitoring.
import { EXIT, type ExitStatus } from '../errors.js';
import { backendsHeldDown, offlineFlag } from '../systemd/offline-hold.js';
import { lockDirectory } from '../lock/lock-dir.js';
import { currentOwner, lockPaths } from '../lock/product-lock.js';
import { holderPhase } from '../lock/holder-phase.js';
import { describeTopology, topologyReport } from '../systemd/topology-report.js';
import { productRecords } from '../record/stores.js';
import type { CommandContext } from '../command.js';
import { loadProduct, viewWithChecks, type ProductView } from './product-context.js';
import { latestBackup } from '../backup/store.js';
import { formatBytes } from '../backup/policy.js';
import { failureBeingRetried, nextStep } from '../plan/entry-policy.js';
import { visibleJson, visibleText } from '../log/visible.js';

export type StatusWord =
  | 'up-to-date'
  | 'upgrade-needed'
  | 'deferred'
  | 'failed'
  | 'refused'
  | 'not-configured'
  | 'running';

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const d = loadProduct(ctx, ctx.args[0]!);
  const v = await viewWithChecks(ctx, d);
  const history = productRecords(d).history.summary();
  const owner = currentOwner(lockPaths(lockDirectory(ctx.env), d.name));
  const phase = holderPhase(lockDirectory(ctx.env), d.name)?.phase;
  const running = owner !== undefined;
  const word = statusWord(v, running);
  const last = history.lastRun;
  const lastFailure = running ? failureBeingRetried(v.marker) : v.marker;
  const next = nextStep({ product: d.name, decision: v.decision, marker: v.marker, running: owner?.pid });
  const units = await topologyReport(d, ctx.env).catch(() => undefined);
  const backup = d.backup ? latestBackup(d.backup.dir, d.name) : undefined;
  if (ctx.options.json) {
    ctx.print(
      visibleJson(
        JSON.stringify(
          {
            schema: 1,
            product: d.name,
            state: word,
            message: v.decision.message,
            build: { version: v.build.version, platform: v.build.platform ?? null },
            data: {
              version: v.stored.dataVersion ?? null,
              platform: v.stored.platform ?? null,
              assumed: v.stored.adopted,
            },
            marker: v.marker ?? null,
            lastRun: last
              ? {
                  id: last.run,
                  from: last.from,
                  to: last.to,
                  startedAt: last.startedAt,
                  endedAt: last.endedAt ?? null,
                  result: last.result,
                  failedScript: last.failedScript ?? null,
                  reason: last.reason ?? null,
                }
              : null,
            lock: running
              ? { pid: owner!.pid, command: owner!.command, since: owner!.since, ...(phase ? { phase } : {}) }
              : null,
            units: units ?? null,
            ...(v.checks
              ? { checks: v.checks.results.map((r) => ({ name: r.name, verdict: r.verdict, message: r.message })) }
              : {}),
            historyRecords: history.records,
            historyCommand: `upgrade-hook history ${d.name}`,
            logFile: d.logFile,
            stateFile: d.stateFile,
            descriptor: d.sources,
            next: next ?? null,
            latestBackup: backup
              ? {
                  name: backup.name,
                  dataVersion: backup.manifest.dataVersion,
                  createdAt: backup.createdAt,
                  sizeBytes: backup.manifest.sizeBytes,
                  path: backup.path,
                }
              : null,
          },
          null,
          2,
        ),
      ),
    );
    return EXIT.ok;
  }
  const lines = [
    `${d.name} - ${word}`,
    `      Data: ${v.stored.dataVersion ?? '(none)'}${v.stored.adopted ? ' (assumed: installed before upgrade-hook)' : ''}${v.stored.platform ? ` on ${v.stored.platform}` : ''}`,
    `     Build: ${v.build.version}${v.build.platform ? ` on ${v.build.platform}` : ''} (${d.versionScheme} versions)`,
    `   Verdict: ${v.decision.message}`,
  ];
  for (const r of v.checks?.results ?? []) lines.push(`     Check: ${r.name}: ${r.verdict}: ${r.message}`);
  if (running)
    lines.push(
      `   Running: upgrade in progress: pid ${owner!.pid} (${owner!.command}) since ${owner!.since}${phase ? `, ${phase} phase` : ''}`,
    );
  if (running && lastFailure && lastFailure !== v.marker)
    lines.push(
      `  Retrying: ${lastFailure.state} (${lastFailure.reason}) since ${lastFailure.since}: ${lastFailure.detail}`,
    );
  else if (v.marker)
    lines.push(`   Pending: ${v.marker.state} (${v.marker.reason}) since ${v.marker.since}: ${v.marker.detail}`);
  for (const line of running ? [] : (v.marker?.lastOutput ?? [])) lines.push(`            | ${line}`);
  if (last) {
    lines.push(
      `  Last run: ${last.startedAt} ${last.from} -> ${last.to}: ${last.result}${last.failedScript ? ` at ${last.failedScript}` : ''}${last.reason ? ` (${last.reason})` : ''}${last.by ? `, started by ${last.by}` : ''}`,
    );
  }
  if (history.records > 0)
    lines.push(
      `   History: upgrade-hook history ${d.name} (every run; one run's steps: upgrade-hook history ${d.name} last)`,
    );
  if (d.backup)
    lines.push(
      `    Backup: ${backup ? `${backup.name} (data ${backup.manifest.dataVersion}, ${formatBytes(backup.manifest.sizeBytes)}) in ${d.backup.dir}` : `none yet in ${d.backup.dir}`}`,
    );
  if (v.marker?.downgrade && v.decision.kind === 'refuse') lines.push(`  Rollback: ${v.marker.downgrade}`);
  if (!running && backendsHeldDown(d.name))
    lines.push(
      `  Backends: held down by a run that did not finish (${offlineFlag(d.name)}): a start of the backends and triggers is skipped until upgrade-hook run ${d.name} (or rm that file)`,
    );
  lines.push(`       Log: ${d.logFile}`, `     State: ${d.stateFile}`, `Descriptor: ${d.sources.join(', ')}`);
  for (const line of units ? describeTopology(units, d) : []) lines.push(`     Units: ${line}`);
  if (next) lines.push(`      Next: ${next}`);
  ctx.print(visibleText(lines.join('\n')));
  return EXIT.ok;
}

function statusWord(v: ProductView, running: boolean): StatusWord {
  if (running) return 'running';
  if (v.decision.kind === 'refuse') return 'refused';
  if (v.decision.kind === 'not-configured') return 'not-configured';
  if (v.decision.kind === 'up-to-date') return 'up-to-date';
  if (v.marker?.state === 'failed') return 'failed';
  if (v.marker?.state === 'deferred') return 'deferred';
  return 'upgrade-needed';
}
