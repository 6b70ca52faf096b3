// The exit protocol of a product's check executables, as a pure function: what one check's end means, and
// what all of them together say about the start of the product's services.
/** A check's exit status: 0 all is well, 4 an upgrade is needed (as `upgrade-hook check`), 3 a manual fix. */
export const CHECK_EXIT = { ok: 0, manualFix: 3, needsUpgrade: 4 };
const MAX_OUTPUT_LINES = 5;
/** One check's end → its verdict. Anything but 0, 3 and 4 (a crash, a signal, a timeout) is a failed check: a manual fix. */
export function interpretCheck(name, path, end) {
    const lines = [...end.stdout, ...end.stderr].map((l) => l.trim()).filter(Boolean);
    const first = lines[0];
    const base = { name, path, output: [] };
    if (end.spawnError !== undefined)
        return { ...base, verdict: 'manual-fix', message: `the check could not be started: ${end.spawnError}` };
    if (end.timedOut)
        return {
            ...base,
            verdict: 'manual-fix',
            message: `the check did not answer within ${end.timeoutSec} s (killed)`,
            output: lines.slice(0, MAX_OUTPUT_LINES),
        };
    if (end.exitCode === CHECK_EXIT.ok)
        return { ...base, verdict: 'ok', message: first ?? 'ok' };
    if (end.exitCode === CHECK_EXIT.needsUpgrade)
        return { ...base, verdict: 'needs-upgrade', message: first ?? 'needs an upgrade' };
    if (end.exitCode === CHECK_EXIT.manualFix)
        return { ...base, verdict: 'manual-fix', message: first ?? 'needs a manual fix (the check said no more)' };
    const how = end.signal ? `was killed by ${end.signal}` : `failed with exit status ${end.exitCode}`;
    return {
        ...base,
        verdict: 'manual-fix',
        message: `the check ${how}${first ? `: ${first}` : ''}`,
        output: lines.slice(1, MAX_OUTPUT_LINES + 1),
    };
}
export function combineChecks(results) {
    return {
        results,
        needsUpgrade: results.filter((r) => r.verdict === 'needs-upgrade'),
        manualFix: results.filter((r) => r.verdict === 'manual-fix'),
    };
}
/** "check NAME: message" for each, joined: the one line a decision or a refusal quotes. */
export function describeChecks(rs) {
    return rs.map((r) => `check ${r.name}: ${r.message}`).join('; ');
}
