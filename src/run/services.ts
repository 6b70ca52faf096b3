// Stops and starts a product's services (systemctl for units, the descriptor's commands otherwise) and
// waits for each to be ready, showing what it waits for on every wait longer than two seconds.
import { UpgradeHookError } from '../errors.js';
import type { ServiceSpec } from '../product/descriptor.js';
import { runCommand, shell, type CommandResult } from './commands.js';
import { describeProbe, probeOnce } from './readiness.js';
import { startProgress } from '../log/progress.js';

export interface ServiceOutput {
  progress(line: string): void;
  progressDone(): void;
  readonly live: boolean;
  log(line: string, fields?: Record<string, unknown>): void;
}

export interface ServiceManagerOptions {
  env: Record<string, string>;
  out: ServiceOutput;
  sleep: (ms: number) => Promise<void>;
}

const POLL_MS = 500;

export class ServiceManager {
  constructor(private readonly o: ServiceManagerOptions) {}

  async stop(s: ServiceSpec): Promise<void> {
    if (s.unit) {
      if (!(await this.unitIsUp(s.unit))) return;
      this.o.out.log(`stopping ${s.name} (systemctl stop ${s.unit})`);
      this.check(s, 'stop', await this.shown(`stopping ${s.name} (systemctl stop ${s.unit})`, runCommand(['systemctl', 'stop', s.unit], this.o.env)));
      return;
    }
    if (s.ready && !(await probeOnce(s.ready, s, this.o.env))) return;
    this.o.out.log(`stopping ${s.name}: ${s.stop}`);
    const r = await this.shown(`stopping ${s.name}`, runCommand(shell(s.stop!), this.o.env, s.readyTimeoutSec));
    if (r.exitCode !== 0 && s.ready && !(await probeOnce(s.ready, s, this.o.env))) {
      this.o.out.log(`${s.name}: stop command exited ${r.exitCode} but the service is down: ${r.output}`);
      return;
    }
    this.check(s, 'stop', r);
    await this.waitDown(s);
  }

  // A stop command may return before the daemon is gone: offline scripts must not run while it still answers.
  private async waitDown(s: ServiceSpec): Promise<void> {
    if (!s.ready) return;
    const what = describeProbe(s.ready, s);
    const started = Date.now();
    const ticker = startProgress(this.o.out, (sec) => `waiting for ${s.name} to stop (${what}): ${sec} s of ${s.readyTimeoutSec} s`);
    try {
      while (await probeOnce(s.ready, s, this.o.env)) {
        if (Date.now() - started >= s.readyTimeoutSec * 1000) {
          throw new UpgradeHookError('UPGRADE_FAILED', `${s.name} still answers (${what}) ${s.readyTimeoutSec} s after its stop command`, {
            hint: `stop ${s.name} by hand, or fix stop = in [service ${s.name}]`,
          });
        }
        await this.o.sleep(POLL_MS / 5);
      }
    } finally {
      ticker.stop();
    }
  }

  async start(s: ServiceSpec): Promise<void> {
    if (s.unit) {
      this.o.out.log(`starting ${s.name} (systemctl start ${s.unit})`);
      // The product's units Require and are ordered After upgrade-hook@NAME.service, which waits for this very
      // upgrade (the gate, or its lock): a plain start would deadlock (facts note). We bring up backends
      // before apps ourselves, so their own ordering is not needed.
      const args = ['systemctl', 'start', '--job-mode=ignore-dependencies', s.unit];
      this.check(s, 'start', await this.shown(`starting ${s.name} (${args.join(' ')})`, runCommand(args, this.o.env)));
    } else if (!(s.ready && (await probeOnce(s.ready, s, this.o.env)))) {
      this.o.out.log(`starting ${s.name}: ${s.start}`);
      this.check(s, 'start', await this.shown(`starting ${s.name}`, runCommand(shell(s.start!), this.o.env, s.readyTimeoutSec)));
    }
    await this.waitReady(s);
  }

  private async waitReady(s: ServiceSpec): Promise<void> {
    if (!s.ready) return;
    const what = describeProbe(s.ready, s);
    const started = Date.now();
    const ticker = startProgress(this.o.out, (sec) => `waiting for ${s.name} to be ready (${what}): ${sec} s of ${s.readyTimeoutSec} s`);
    try {
      while (!(await probeOnce(s.ready, s, this.o.env))) {
        if (Date.now() - started >= s.readyTimeoutSec * 1000) {
          throw new UpgradeHookError('UPGRADE_FAILED', `${s.name} did not become ready (${what}) within ${s.readyTimeoutSec} s`, {
            hint: `check why ${s.name} does not start${s.unit ? ` (journalctl -u ${s.unit})` : ''}, or raise ready_timeout in [service ${s.name}]`,
          });
        }
        await this.o.sleep(POLL_MS);
      }
    } finally {
      ticker.stop();
    }
    const waited = Date.now() - started;
    this.o.out.log(`${s.name} is ready (${what}) after ${(waited / 1000).toFixed(1)} s`, { service: s.name, ms: waited });
  }

  // systemctl start of a Type=notify unit can take minutes: say what we wait for.
  private async shown<T>(what: string, work: Promise<T>): Promise<T> {
    const ticker = startProgress(this.o.out, (sec) => `${what}: ${sec} s`);
    try {
      return await work;
    } finally {
      ticker.stop();
    }
  }

  private async unitIsUp(unit: string): Promise<boolean> {
    const r = await runCommand(['systemctl', 'is-active', unit], this.o.env);
    return ['active', 'activating', 'reloading'].includes(r.output.trim());
  }

  private check(s: ServiceSpec, action: 'start' | 'stop', r: CommandResult): void {
    for (const line of r.output.split('\n').filter(Boolean)) this.o.out.log(`${s.name} ${action}: ${line}`);
    if (r.exitCode === 0) return;
    const how = s.unit ? `systemctl ${action} ${s.unit}` : `${action} command "${action === 'start' ? s.start : s.stop}"`;
    const outcome = r.timedOut ? `did not finish within ${s.readyTimeoutSec} s (ready_timeout)` : r.error ? `failed: ${r.error}` : `exited ${r.exitCode}`;
    throw new UpgradeHookError('UPGRADE_FAILED', `cannot ${action} ${s.name}: ${how} ${outcome}${r.output ? `: ${lastLine(r.output)}` : ''}`, {
      hint: s.unit ? `see journalctl -u ${s.unit}` : `run the ${action} command by hand to see why`,
    });
  }
}

const lastLine = (s: string) => s.split('\n').filter(Boolean).pop() ?? '';
