// A script's identity for the history: sha256 of its content.
import { crypto } from '../lazy-builtin.js';
import { readFileSync } from 'node:fs';

export function fileChecksum(path: string): string {
  return `sha256:${crypto().createHash('sha256').update(readFileSync(path)).digest('hex')}`;
}
