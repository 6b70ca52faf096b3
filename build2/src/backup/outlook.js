import { backupDue, formatBytes, spaceProblem } from './policy.js';
import { dataPathNotes, dataPathsOf, freeBytes, measureBytes } from './take.js';
export function backupOutlook(d, history, scriptsToRun) {
    if (!d.backup)
        return undefined;
    const spec = d.backup;
    const notes = dataPathNotes(spec).map((n) => `${n.warning ? 'warning: ' : ''}${n.line}`);
    // the size of what would be copied is worth knowing even when nothing runs now
    const due = backupDue(spec, history, Math.max(scriptsToRun, 1));
    if (!due.take)
        return {
            take: false,
            why: due.why,
            dir: spec.dir,
            estimatedBytes: null,
            freeBytes: null,
            problem: null,
            line: `backup: none would be taken: ${due.why}`,
            notes,
        };
    const bytes = measureBytes(dataPathsOf(d, spec));
    const free = freeBytes(spec.dir).bytes;
    const problem = spaceProblem(bytes, free, spec.dir) ?? null;
    const when = scriptsToRun > 0 ? 'would be taken before the first script' : 'would be taken before an upgrade that runs scripts';
    const line = `backup: ${when} (${due.why}): about ${formatBytes(bytes)} into ${spec.dir} (${formatBytes(free)} free)${spec.dump ? ', plus the dump' : ''}${problem ? `; PROBLEM: ${problem}` : ''}`;
    return { take: true, why: due.why, dir: spec.dir, estimatedBytes: bytes, freeBytes: free, problem, line, notes };
}
