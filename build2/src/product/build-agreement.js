// The package's version as the RPM macro passes it (posttrans --build-version) against the descriptor's
// build_version, which the gate and `check` read: the descriptor is the one source of truth, so a
// disagreement is a packaging mistake to report, not a second version to stamp. Pure.
import { compareVersions } from '../version/index.js';
export function buildVersionDisagreement(scheme, fromPackage, fromDescriptor, source) {
    if (compareVersions(scheme, fromPackage, fromDescriptor) === 0)
        return undefined;
    return (`the package's version ${fromPackage} (--build-version, from the RPM macro) and ${source} = ${fromDescriptor} name different builds; ` +
        `the gate and check read build_version, so the upgrade uses ${fromDescriptor}: make build_version agree ` +
        `(rpm:PACKAGE gives the package's own epoch:version-release, or write the full epoch:version-release into the file)`);
}
