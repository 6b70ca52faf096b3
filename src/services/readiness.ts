// Waits until a service answers: a TCP connect, an HTTP 2xx, a command that exits 0, or systemctl is-active.
import { connect } from 'node:net';
import type { ReadinessProbe, ServiceSpec } from '../product/descriptor.js';
import { runCommand, shell } from '../proc/run-command.js';

const ATTEMPT_TIMEOUT_MS = 3000;

export function describeProbe(p: ReadinessProbe, s: ServiceSpec): string {
  switch (p.kind) {
    case 'tcp':
      return `tcp ${p.host}:${p.port}`;
    case 'http':
      return p.url;
    case 'exec':
      return `command "${p.command}"`;
    case 'unit':
      return `systemctl is-active ${s.unit}`;
  }
}

export async function probeOnce(p: ReadinessProbe, s: ServiceSpec, env: Record<string, string>): Promise<boolean> {
  switch (p.kind) {
    case 'tcp':
      return tcpAnswers(p.host, p.port);
    case 'http':
      return httpAnswers(p.url);
    case 'exec':
      return (await runCommand(shell(p.command), env, (ATTEMPT_TIMEOUT_MS / 1000) * 10)).exitCode === 0;
    case 'unit':
      return (await runCommand(['systemctl', 'is-active', '--quiet', s.unit ?? ''], env, 30)).exitCode === 0;
  }
}

function tcpAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      // end() closes with a FIN: a server still writing its greeting gets no reset (some crash on ECONNRESET).
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
      resolve(ok);
    };
    socket.setTimeout(ATTEMPT_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function httpAnswers(url: string): Promise<boolean> {
  const mod = url.startsWith('https:') ? await import('node:https') : await import('node:http');
  return new Promise((resolve) => {
    const req = mod.get(url, { timeout: ATTEMPT_TIMEOUT_MS, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
