// Splits a script's output into lines without ever holding a whole line: the log gets every byte, a long
// line in numbered pieces; the terminal and the marker get each line cut to a few KB, saying so.
import { StringDecoder } from 'node:string_decoder';

/** What the terminal and the marker keep of one line. */
export const SHOWN_BYTES = 4096;
/** The largest piece of a line written to the log at once. */
export const PIECE_BYTES = 64 * 1024;

export interface OutputSink {
  /** For the log: a whole line (part undefined), or the pieces of a long one, numbered from 1; the last has last = true. */
  piece(text: string, part: { n: number; last: boolean } | undefined): void;
  /** Once per line, for the terminal and the marker: the line, cut to SHOWN_BYTES with a note. */
  line(shown: string): void;
}

export class LineSplitter {
  private head: Buffer[] = [];
  private headBytes = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private total = 0;
  private parts = 0;
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly sink: OutputSink) {}

  write(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      this.take(chunk.subarray(start, nl === -1 ? chunk.length : nl));
      if (nl === -1) return;
      this.endLine();
      start = nl + 1;
    }
  }

  /** The output ended: a last line without a newline is still a line. */
  end(): void {
    if (this.total > 0) this.endLine();
  }

  private take(b: Buffer): void {
    if (b.length === 0) return;
    this.total += b.length;
    if (this.headBytes <= SHOWN_BYTES) {
      const h = Buffer.from(b.subarray(0, SHOWN_BYTES + 1 - this.headBytes));
      this.head.push(h);
      this.headBytes += h.length;
    }
    this.pending.push(Buffer.from(b));
    this.pendingBytes += b.length;
    while (this.pendingBytes >= PIECE_BYTES) {
      const all = Buffer.concat(this.pending);
      this.parts++;
      this.sink.piece(this.decoder.write(all.subarray(0, PIECE_BYTES)), { n: this.parts, last: false });
      const rest = all.subarray(PIECE_BYTES);
      this.pending = rest.length ? [rest] : [];
      this.pendingBytes = rest.length;
    }
  }

  private endLine(): void {
    let rest = Buffer.concat(this.pending);
    if (rest.at(-1) === 13) rest = rest.subarray(0, -1);
    const text = this.decoder.write(rest) + this.decoder.end();
    this.sink.piece(text, this.parts > 0 ? { n: this.parts + 1, last: true } : undefined);
    this.sink.line(this.shown());
    this.head = [];
    this.headBytes = 0;
    this.pending = [];
    this.pendingBytes = 0;
    this.total = 0;
    this.parts = 0;
  }

  private shown(): string {
    const head = Buffer.concat(this.head);
    if (this.total <= SHOWN_BYTES) return head.toString('utf8').replace(/\r$/, '');
    // a character cut in the middle is left out, not shown as a replacement character
    const cut = new StringDecoder('utf8').write(head.subarray(0, SHOWN_BYTES));
    return `${cut} … [line cut: ${this.total} bytes in all, whole in the log]`;
  }
}
