import { summarize } from './history-record.js';
export function memoryHistory(records = []) {
    const list = [...records];
    return {
        list,
        summary: () => summarize(list),
        records: () => list,
        open: () => ({ append: (r) => void list.push(structuredClone(r)), close: () => { } }),
        compactIfLarge: () => { },
    };
}
export function memoryMarkerStore(initial) {
    let current = initial;
    return {
        get current() {
            return current;
        },
        read: () => current,
        write: (m) => {
            current = structuredClone(m);
        },
        remove: () => {
            current = undefined;
        },
    };
}
export function memoryStoppedUnits(initial = []) {
    let units = [...new Set(initial)];
    return {
        add: (more) => (units = [...new Set([...units, ...more])]),
        all: () => [...units],
        forget: () => {
            units = [];
        },
        remove: (gone) => {
            units = units.filter((u) => !gone.includes(u));
        },
    };
}
export function memoryRecords() {
    return { history: memoryHistory(), marker: memoryMarkerStore(), stopped: memoryStoppedUnits() };
}
