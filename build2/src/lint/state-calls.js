// Calls to `upgrade-hook state` in a script's text, and what is wrong with them, as a pure function:
// a script must name its own product (another product's name waits for that product's lock, or writes
// its state file), and must not write the data version or platform the upgrade itself stamps.
import { DATA_VERSION_KEY, PLATFORM_KEY } from '../product/descriptor.js';
const CALL = /(?:^|[\s;&|(`])["']?(?:\S*\/)?(?:upgrade-hook|\$\{?UPGRADE_HOOK\}?)["']?\s+state\s+(get|set|unset)\s+(\S+)(?:\s+(\S+))?(?:\s+(\S+))?/;
export function findStateCalls(text) {
    const calls = [];
    text.split('\n').forEach((raw, i) => {
        const line = raw.replace(/^\s*#.*$/, '');
        const m = CALL.exec(line);
        if (m)
            calls.push({
                line: i + 1,
                action: m[1],
                product: unquote(m[2]),
                section: m[3] && unquote(m[3]),
                key: m[4] && unquote(m[4]),
            });
    });
    return calls;
}
const unquote = (s) => s.replace(/^(["'])(.*)\1$/, '$2');
const OWN_PRODUCT = /^\$\{?UPGRADE_HOOK_PRODUCT\}?$/;
/** Problems of each call for product `name` whose data version lives in [stateSection]. */
export function stateCallProblems(calls, name, stateSection) {
    const out = [];
    for (const c of calls) {
        if (c.product !== name && !OWN_PRODUCT.test(c.product)) {
            const variable = c.product.startsWith('$');
            out.push({
                line: c.line,
                message: `calls upgrade-hook state ${c.action} ${c.product}: ${variable ? 'a variable that may not be this product' : `"${c.product}" is not this product`}; name ${name} (or "$UPGRADE_HOOK_PRODUCT"): another product's state waits for its lock or changes its file`,
            });
            continue;
        }
        if (c.action !== 'get' && c.section === stateSection && (c.key === DATA_VERSION_KEY || c.key === PLATFORM_KEY)) {
            out.push({
                line: c.line,
                message: `calls upgrade-hook state ${c.action} ${c.product} ${c.section} ${c.key}: the upgrade stamps ${c.key} itself once every script succeeded; a script that writes it skips the rest on a failure`,
            });
        }
    }
    return out;
}
