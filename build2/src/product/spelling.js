// "Did you mean …?" for misspelt keys: the closest allowed word within a small edit distance.
export function closest(word, candidates) {
    let best;
    let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
    for (const c of candidates) {
        const d = editDistance(word.toLowerCase(), c.toLowerCase());
        if (d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    return best;
}
function editDistance(a, b) {
    let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = cur;
    }
    return prev[b.length];
}
/** Up to `max` candidates close to `word`: within a small edit distance, sharing its number, or containing it. */
export function closeMatches(word, candidates, max = 5) {
    const w = word.toLowerCase().replace(/^(always|once|cleanup)\//, '');
    const limit = Math.max(2, Math.floor(w.length / 3));
    const number = /^(\d{4})/.exec(w)?.[1];
    const scored = candidates
        .map((c) => {
        const bare = c.toLowerCase().replace(/^(always|once|cleanup)\//, '');
        const d = editDistance(w, bare);
        const related = d <= limit || (number !== undefined && bare.startsWith(number)) || (w.length >= 3 && bare.includes(w));
        return { c, d, related };
    })
        .filter((x) => x.related)
        .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1));
    return scored.slice(0, max).map((x) => x.c);
}
