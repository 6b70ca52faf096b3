export function interruptedAction(i) {
    // The status is written after the script has ended: whatever still carries its variables now is
    // something it left running (a daemon), not the script.
    if (i.exit && i.exit.run === i.run && i.exit.script === i.script)
        return { kind: 'record', status: i.exit.status };
    if (i.live.length > 0)
        return i.waitedEnough ? { kind: 'refuse', pids: i.live } : { kind: 'wait', pids: i.live };
    return { kind: 'rerun' };
}
