// Two products with one var_dir would share the marker, the history (so one product's once-records would
// count for the other) and the list of units to start again. Found among the installed descriptors when an
// upgrade is about to run, and by `plan`; a descriptor that does not load is the other product's problem.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import { listProducts, loadDescriptor } from './load.js';
/** The other installed products whose var_dir is this product's. */
export function productsSharingVarDir(d, env) {
    const mine = resolve(d.varDir);
    const others = [];
    for (const name of listProducts(env, (dir) => readdirSync(dir))) {
        if (name === d.name)
            continue;
        try {
            if (resolve(loadDescriptor(name, env).varDir) === mine)
                others.push(name);
        }
        catch {
            /* not ours to judge */
        }
    }
    return others;
}
export function sharedVarDirProblem(d, others) {
    if (others.length === 0)
        return undefined;
    return `var_dir ${d.varDir} is also the var_dir of ${others.join(', ')}: the products would share one marker and one history (one's once-scripts would count as done for the other); give each product its own var_dir`;
}
export function assertOwnVarDir(d, env) {
    const problem = sharedVarDirProblem(d, productsSharingVarDir(d, env));
    if (problem) {
        throw new UpgradeHookError('DESCRIPTOR_INVALID', `${d.name}: ${problem}`, {
            hint: `set var_dir in /etc/upgrade-hook/products.d/${d.name}.conf, then check it with: upgrade-hook plan ${d.name}`,
        });
    }
}
