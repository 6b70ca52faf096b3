// Reading, appending and compacting the history file. Appends are durable (fdatasync) one record at a time,
// so the cost per script stays flat however long the history grows. Reads go line by line through a fixed
// buffer: a history of millions of records is never one string (node cannot make one past 512 MiB). The file
// is rewritten only by compaction, under the product lock, atomically (docs/history.md).
import { closeSync, constants, fchownSync, fstatSync, fsyncSync, ftruncateSync, lstatSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync, } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UpgradeHookError, describeSystemError } from '../errors.js';
import { fsyncDirectory, ioError, openAppendLog } from '../state/atomic-file.js';
import { summarize } from './history-record.js';
/** No record is near this long (a script-end is ~300 bytes): a longer line is damage, not a record. */
export const MAX_RECORD_BYTES = 1024 * 1024;
const CHUNK = 1024 * 1024;
/** The complete lines of the history, one at a time; the last piece without a newline (a record torn by a power cut) never counted. */
export function* historyLines(path) {
    let fd;
    try {
        fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    }
    catch (e) {
        if (e.code === 'ENOENT')
            return;
        throw new UpgradeHookError('IO', `cannot read history ${path}: ${describeSystemError(e)}`, { cause: e });
    }
    try {
        const st = fstatSync(fd);
        if (!st.isFile())
            throw new UpgradeHookError('UNSAFE_PATH', `refusing to read history ${path}: it is not a regular file; move it aside`);
        const buf = Buffer.alloc(CHUNK);
        let carry = Buffer.alloc(0);
        let lineNo = 0;
        for (;;) {
            let n;
            try {
                n = readSync(fd, buf, 0, CHUNK, null);
            }
            catch (e) {
                throw new UpgradeHookError('IO', `cannot read history ${path}: ${describeSystemError(e)}`, { cause: e });
            }
            if (n === 0)
                return;
            let data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
            let start = 0;
            for (let nl = data.indexOf(0x0a, start); nl >= 0; nl = data.indexOf(0x0a, start)) {
                lineNo++;
                if (nl - start > MAX_RECORD_BYTES)
                    throw tooLong(path, lineNo);
                yield { lineNo, text: data.toString('utf8', start, nl) };
                start = nl + 1;
            }
            if (data.length - start > MAX_RECORD_BYTES)
                throw tooLong(path, lineNo + 1);
            // copied: buf is reused by the next read
            carry = Buffer.from(data.subarray(start));
            data = Buffer.alloc(0);
        }
    }
    finally {
        closeSync(fd);
    }
}
function tooLong(path, lineNo) {
    return new UpgradeHookError('HISTORY_CORRUPT', `history ${path} line ${lineNo} is longer than ${MAX_RECORD_BYTES} bytes: not a record`, {
        hint: 'delete that line (sed -i LINEd FILE), then rerun; moving the whole file aside would run every once-script again',
    });
}
const KINDS = new Set(['run-start', 'script-start', 'script-end', 'run-end', 'baseline', 'resolve']);
/** The records of the history, oldest first, parsed one line at a time. */
export function* historyRecords(path) {
    for (const { record } of numberedHistoryRecords(path))
        yield record;
}
/** The same, each with its line number: for a reader that checks more and must name the line. */
export function* numberedHistoryRecords(path) {
    for (const { lineNo, text } of historyLines(path)) {
        if (text === '')
            continue;
        yield { lineNo, record: parseRecord(path, lineNo, text) };
    }
}
function parseRecord(path, lineNo, text) {
    let r;
    try {
        r = JSON.parse(text);
    }
    catch {
        r = undefined;
    }
    if (r === null || typeof r !== 'object' || Array.isArray(r) || !KINDS.has(r.t)) {
        throw new UpgradeHookError('HISTORY_CORRUPT', `history ${path} line ${lineNo} is not a JSON record`, {
            hint: `delete that line (sed -i ${lineNo}d ${path}), then rerun; moving the whole file aside would run every once-script again`,
        });
    }
    return r;
}
/** Every record, in memory: for tests and small files only. */
export function readHistory(path) {
    return [...historyRecords(path)];
}
export function summarizeHistory(path) {
    return summarize(historyRecords(path));
}
/** Opens the history for appending (never through a symlink), first cutting off a record torn by a crash. */
export function openHistory(path) {
    dropTornTail(path);
    const log = openAppendLog(path, 0o600);
    return {
        append: (record, durable) => log.append(`${JSON.stringify(record)}\n`, durable),
        close: () => log.close(),
    };
}
function dropTornTail(path) {
    let fd;
    try {
        fd = openSync(path, constants.O_RDWR | constants.O_NOFOLLOW);
    }
    catch (e) {
        const code = e.code;
        if (code === 'ENOENT')
            return;
        if (code === 'ELOOP')
            throw new UpgradeHookError('UNSAFE_PATH', `history ${path} is a symbolic link: refusing to write through it; remove the link`);
        throw new UpgradeHookError('IO', `cannot open history ${path}: ${describeSystemError(e)}`, { cause: e });
    }
    try {
        const size = fstatSync(fd).size;
        if (size === 0)
            return;
        const tailSize = Math.min(size, 65536);
        const tail = Buffer.alloc(tailSize);
        readSync(fd, tail, 0, tailSize, size - tailSize);
        if (tail[tailSize - 1] === 0x0a)
            return;
        const lastNewline = tail.lastIndexOf(0x0a);
        ftruncateSync(fd, lastNewline < 0 ? size - tailSize : size - tailSize + lastNewline + 1);
    }
    finally {
        closeSync(fd);
    }
}
// ---- compaction ----------------------------------------------------------------------------------------
/** Compaction starts once the file is this large (a run of 50 scripts writes ~30 KB). */
export const COMPACT_AT_BYTES = 4 * 1024 * 1024;
/** Whole runs kept by compaction, newest first: what `history` lists. */
export const KEEP_RUNS = 100;
/** Under the lock, before the history is read and opened: a history past its size is compacted, and that is logged. */
export function compactIfLarge(o, path) {
    let c;
    try {
        c = compactHistoryIfLarge(path);
    }
    catch (e) {
        // the old file is untouched: the run goes on with it, and the next one tries again
        const line = `history ${path} was not compacted: ${e instanceof Error ? e.message : String(e)}`;
        o.productLog.warn(line);
        o.terminal.warn(line);
        return;
    }
    if (!c)
        return;
    const line = `history compacted: ${c.recordsBefore} records (${c.bytesBefore} bytes) -> ${c.recordsAfter} (${c.bytesAfter} bytes); kept the last outcome of each once-script, the attempt in progress and the last ${KEEP_RUNS} runs`;
    o.productLog.info(line);
    o.terminal.detail(line);
}
/** Compacts when the file has grown past `atBytes`; call it holding the product lock, before opening the writer. */
export function compactHistoryIfLarge(path, atBytes = COMPACT_AT_BYTES, keepRuns = KEEP_RUNS) {
    let st;
    try {
        st = lstatSync(path);
    }
    catch {
        return undefined;
    }
    // a link or anything but a regular file is refused by openHistory with its own message: never replaced here
    return st.isFile() && st.size >= atBytes ? compactHistory(path, keepRuns) : undefined;
}
/**
 * Rewrites the history keeping what decides anything: for each once-script the record that made it done
 * (its last ok run, baseline or resolve), the records of the attempt still in progress, and every record of
 * the last `keepRuns` runs. The kept lines are copied byte for byte, in their order, to a new file that
 * replaces the old one by rename (a crash leaves one or the other). The new file must summarize to the same
 * once-records and attempt as the old, or it is thrown away and the old one stays.
 */
export function compactHistory(path, keepRuns = KEEP_RUNS) {
    const before = summarizeHistory(path);
    const keepIndex = new Set();
    for (const o of before.onceDone.values())
        for (const i of o.sources)
            keepIndex.add(i);
    for (const idx of before.attemptSources.values())
        for (const i of idx)
            keepIndex.add(i);
    const lastRuns = [];
    const runIdOf = (text) => (/"run":"([^"]*)"/.exec(text) ?? [])[1];
    for (const { text } of historyLines(path)) {
        if (!text.includes('"t":"run-start"'))
            continue;
        const id = runIdOf(text);
        if (id === undefined)
            continue;
        lastRuns.push(id);
        if (lastRuns.length > keepRuns)
            lastRuns.shift();
    }
    const keepRunIds = new Set(lastRuns);
    const temp = join(dirname(path), `.${basename(path)}.compact-${process.pid}`);
    // left by a compaction killed midway (we hold the lock: no other is running)
    for (const f of readdirSync(dirname(path)))
        if (f.startsWith(`.${basename(path)}.compact-`))
            rmSync(join(dirname(path), f), { force: true });
    let fd;
    let kept = 0;
    let bytesAfter = 0;
    let bytesBefore = 0;
    try {
        const old = statSync(path);
        bytesBefore = old.size;
        fd = openSync(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o600);
        let index = 0;
        let pending = [];
        let pendingBytes = 0;
        const flush = () => {
            if (pending.length === 0)
                return;
            const b = Buffer.from(pending.join(''), 'utf8');
            for (let done = 0; done < b.length;)
                done += writeSync(fd, b, done, b.length - done);
            bytesAfter += b.length;
            pending = [];
            pendingBytes = 0;
        };
        for (const { text } of historyLines(path)) {
            if (text === '')
                continue;
            const i = index++;
            const run = runIdOf(text);
            if (!keepIndex.has(i) && !(run !== undefined && keepRunIds.has(run)))
                continue;
            pending.push(`${text}\n`);
            pendingBytes += text.length + 1;
            kept++;
            if (pendingBytes > CHUNK)
                flush();
        }
        flush();
        if (old.uid !== process.geteuid?.()) {
            try {
                fchownSync(fd, old.uid, old.gid);
            }
            catch {
                /* not root: the file stays ours */
            }
        }
        fsyncSync(fd);
        closeSync(fd);
        fd = undefined;
        const after = summarizeHistory(temp);
        const why = sameOutcome(before, after);
        if (why) {
            rmSync(temp, { force: true });
            throw new UpgradeHookError('HISTORY_CORRUPT', `compacting history ${path} would change what it says (${why}); left as it was`, { hint: 'please report it; the upgrade itself is not affected' });
        }
        renameSync(temp, path);
        fsyncDirectory(dirname(path));
    }
    catch (e) {
        if (fd !== undefined)
            closeSync(fd);
        rmSync(temp, { force: true });
        if (e instanceof UpgradeHookError)
            throw e;
        throw ioError('IO', 'compact the history', path, e);
    }
    return { recordsBefore: before.records, recordsAfter: kept, bytesBefore, bytesAfter };
}
/** Why two summaries differ in what the planner reads from them, or undefined when they do not. */
function sameOutcome(a, b) {
    if (a.onceDone.size !== b.onceDone.size)
        return `${a.onceDone.size} once-scripts done before, ${b.onceDone.size} after`;
    for (const [name, o] of a.onceDone) {
        const n = b.onceDone.get(name);
        if (!n || n.sum !== o.sum || n.baseline !== o.baseline)
            return `once-script ${name}`;
    }
    // only the always-steps of the attempt decide anything (planner.ts)
    const always = (m) => [...m]
        .filter(([k]) => k.startsWith('always/'))
        .sort()
        .join('\n');
    if (always(a.attemptDone) !== always(b.attemptDone))
        return 'the attempt in progress';
    if (a.lastRun?.run !== b.lastRun?.run || a.lastRun?.result !== b.lastRun?.result)
        return 'the last run';
    if (a.interrupted?.script !== b.interrupted?.script)
        return 'the interrupted script';
    return undefined;
}
