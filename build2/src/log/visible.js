// Text from records (a resolve reason, a marker's detail, a script's last lines) on its way to an admin's
// terminal: control characters (C0 but the line break, DEL, C1) and the bidirectional overrides are shown
// as escapes, never sent, so a record cannot move the cursor, retitle the window or hide what follows.
const isBidiOverride = (code) => (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
const isControl = (code) => code < 0x20 || (code >= 0x7f && code <= 0x9f);
const escaped = (code) => code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
function replaceWhere(text, unsafe, by) {
    let out = '';
    let from = 0;
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (!unsafe(code))
            continue;
        out += text.slice(from, i) + by(code);
        from = i + 1;
    }
    return from === 0 ? text : out + text.slice(from);
}
/** Lines for a terminal: each unsafe character as \xNN (\uNNNN above 0xff); line breaks kept. */
export function visibleText(text) {
    return replaceWhere(text, (c) => (isControl(c) && c !== 0x0a) || isBidiOverride(c), escaped);
}
/** JSON text as JSON.stringify made it, with what it leaves raw (DEL, C1, bidi overrides: only ever inside
 * strings) escaped as \uNNNN too: the same document. */
export function visibleJson(json) {
    return replaceWhere(json, (c) => (c >= 0x7f && c <= 0x9f) || isBidiOverride(c), (c) => `\\u${c.toString(16).padStart(4, '0')}`);
}
/** Why a line of text an admin gives (a reason for the history) is refused: its first unsafe character. */
export function unsafeCharacter(text) {
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (isControl(code) || isBidiOverride(code))
            return `U+${code.toString(16).toUpperCase().padStart(4, '0')} at character ${i + 1}`;
    }
    return undefined;
}
