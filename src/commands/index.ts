// Every command, in the order --help lists them.
import { bridge } from './bridge.js';
import { check } from './check.js';
import type { Command } from '../command.js';
import { gate } from './gate.js';
import { history } from './history.js';
import { lint } from './lint.js';
import { matrix } from './matrix.js';
import { plan } from './plan.js';
import { preflight } from './preflight.js';
import { rehearse } from './rehearse.js';
import { posttrans } from './posttrans.js';
import { resolve } from './resolve.js';
import { run } from './run.js';
import { stamp } from './stamp.js';
import { state } from './state.js';
import { status } from './status.js';
import { vercmp } from './vercmp.js';
import { backup } from './backup.js';
import { rollback } from './rollback.js';

export const COMMANDS: Command[] = [
  run,
  posttrans,
  gate,
  check,
  status,
  plan,
  preflight,
  rehearse,
  matrix,
  stamp,
  state,
  vercmp,
  bridge,
  resolve,
  history,
  lint,
  backup,
  rollback,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
