// build_version = rpm:PACKAGE: the installed package's epoch:version-release, read from the rpmdb.
// (Inside %posttrans the rpmdb already answers with the new version; the macro passes --build-version anyway.)
import { childProcess } from '../lazy-builtin.js';
import { UpgradeHookError } from '../errors.js';
import { commandEnv } from '../proc/command-env.js';
// the system's rpm with a clean environment, never the caller's PATH or variables (su without -, sudo -E)
export function queryRpmVersion(pkg) {
    let out;
    try {
        out = childProcess().execFileSync('rpm', ['-q', '--qf', '%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\n', pkg], {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
            env: commandEnv(),
        });
    }
    catch (e) {
        const detail = e.stdout?.trim() || e.message;
        throw new UpgradeHookError('BUILD_VERSION_UNAVAILABLE', `cannot read the version of package ${pkg} from the rpm database: ${detail}`, {
            hint: `install ${pkg}, or set build_version to file:PATH or a literal in the descriptor`,
            cause: e,
        });
    }
    const lines = out.trim().split('\n');
    // Several installed versions (during a transaction, or installonly): the upgrade targets the newest.
    const last = lines[lines.length - 1];
    return last.startsWith('0:') ? last.slice(2) : last;
}
