// A script's identity for the history: sha256 of its content.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function fileChecksum(path: string): string {
  return `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
}
