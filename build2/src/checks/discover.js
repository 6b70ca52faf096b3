// Finds a product's check executables: every file in the checks directory but leftovers, held to the same
// rules as upgrade scripts (owned by root, writable by no one else, executable, a "#!" header) and to the
// path rule (every directory from / down to each check's real path root's; plan/secure-path.ts): checks
// run as root from check, gate, posttrans and status, which monitoring polls.
import { readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkDirectory, inspectScript } from '../plan/discover.js';
import { isLeftover } from '../plan/script.js';
import { unsafeAncestor } from '../plan/secure-path.js';
const CHECK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@+-]*$/;
export function discoverChecks(dir, trustedUids) {
    const out = { checks: [], problems: [] };
    if (!checkDirectory(dir, trustedUids, out, false)) {
        // (checkDirectory says nothing of a missing directory; one that vanished between two looks is missing too)
        if (out.problems.length === 0)
            out.problems.push({
                path: dir,
                why: 'checks directory does not exist; create it or fix "checks" in the descriptor',
            });
        return out;
    }
    // what is listed and run is the real directory, checked from / down (a link may lead anywhere)
    let realDir;
    try {
        realDir = realpathSync(dir);
    }
    catch (e) {
        out.problems.push({ path: dir, why: `cannot be resolved (${e.code})` });
        return out;
    }
    const safe = new Set();
    const ancestor = unsafeAncestor(realDir, trustedUids, safe);
    if (ancestor) {
        out.problems.push({
            path: ancestor.path,
            why: `${ancestor.why} (it holds the checks ${dir}, which root runs)`,
        });
        return out;
    }
    for (const entry of readdirSync(realDir).sort()) {
        if (isLeftover(entry))
            continue;
        const path = join(dir, entry);
        if (!CHECK_NAME.test(entry)) {
            out.problems.push({ path, why: 'is not a check name (letters, digits and . _ - @ +): rename it' });
            continue;
        }
        let runPath;
        try {
            runPath = realpathSync(join(realDir, entry));
        }
        catch (e) {
            out.problems.push({
                path,
                why: `cannot be read (${e.code}): a dangling link or wrong permissions`,
            });
            continue;
        }
        const linked = dirname(runPath) === realDir ? undefined : unsafeAncestor(dirname(runPath), trustedUids, safe);
        if (linked) {
            out.problems.push({ path, why: `leads to ${runPath}, but ${linked.path} ${linked.why}` });
            continue;
        }
        const inspected = inspectScript(runPath, trustedUids);
        if ('problem' in inspected)
            out.problems.push({ path, why: inspected.problem });
        else
            out.checks.push({
                name: entry,
                path,
                timeoutSec: inspected.timeoutSec,
                runPath,
                identity: inspected.identity,
            });
    }
    return out;
}
