// Every command, in the order --help lists them: what --help, the man page and the completion say of it, and
// `load`, the one dynamic import of its module, made only when it runs (citty's way: nothing of a command is
// loaded before then). scripts/build.mjs compiles the commands of the no-op path (check, gate, posttrans)
// into the tool's own file all the same; every other command's module is in the side file of lazy code.
import type { Command } from '../command.js';

export const COMMANDS: Command[] = [
  {
    name: 'run',
    usage: 'run NAME [--only SCRIPT...]',
    summary: 'upgrade NAME now: stop services, run the phases, stamp; resumes after a failure',
    description:
      "Takes the product lock, decides again, stops the product's services, runs the offline scripts, starts the backends and runs the backend scripts, starts the applications and runs the online scripts, runs the cleanup scripts, then records the data version and platform and removes the pending marker. After a failure a rerun skips what finished and starts at the failed script. When the product is up to date it does nothing, unless --force (then the always-scripts run again). With --only SCRIPT... it runs just the named steps (NNNN_name or KIND/NNNN_name, packaged or admin), each in the service state of its phase, with a loud warning: not an upgrade, nothing is stamped, a pending marker stays, and the history records the steps as run by hand (a once-step that succeeds counts as done for later upgrades; an always-step still runs in the next upgrade). While an upgrade is pending, services it stopped stay stopped afterwards, and a step of a phase with the apps up is refused (exit 3): it would start the new build's apps on old data. Nothing runs, by hand or not, on data a rollback restored (until the packages match it) or half restored (until the rollback is rerun).",
    options: ['force', 'build-version', 'skip-version-check', 'wait', 'only'],
    example: 'upgrade-hook run acme\nupgrade-hook run acme --only 0020_fix_index',
    minArgs: 1,
    maxArgs: 64,
    load: () => import('./run.js'),
  },
  {
    name: 'posttrans',
    usage: 'posttrans NAME',
    summary:
      'for %posttrans (through %upgrade_hook_posttrans): upgrade now, or defer to the dnf bridge or the next service start',
    description:
      'Decides whether the upgrade can run inside this package transaction: the product is configured and needs it, no chroot or installroot, systemd is running when the product\'s services are systemd units, the scriptlet has a network when services are probed over TCP/HTTP, no offline system upgrade, no dnf bridge that will run it after the transaction, auto_upgrade is on and the lock is free within 5 s. Otherwise it writes the pending marker with the reason. The product\'s checks run first when it has any: "needs upgrade" makes the upgrade due at equal versions; "needs a manual fix" is reported (the gate refuses the start until it is fixed). Always exits 0.',
    options: ['build-version', 'skip-version-check'],
    example: '%posttrans\n%upgrade_hook_posttrans acme',
    minArgs: 1,
    maxArgs: 1,
    load: () => import('./posttrans.js'),
  },
  {
    name: 'gate',
    usage: 'gate NAME',
    summary: "for the product's service start (upgrade-hook@NAME.service): upgrade if needed, refuse on old data",
    description:
      'Exits 0 at once when the data is up to date (or the product is not configured yet), and when the upgrade another process runs has reached the phase with the apps up. When an upgrade is needed it runs the phases that need the apps down (unless auto_upgrade = no) and exits 0 so the units waiting for it start with their own ordering; upgrade-hook-finish@NAME.service then runs the online phase. The product\'s checks run first when it has any: "needs upgrade" makes the upgrade due at equal versions, "needs a manual fix" refuses the start (exit 3) with the check\'s message. A failed upgrade is not retried while neither the failed script nor the build changed: the gate refuses at once with the failure and the command to run. Refusals exit non-zero with the reason.',
    options: ['build-version', 'skip-version-check', 'wait'],
    example: 'systemctl start upgrade-hook@acme.service   # runs: upgrade-hook gate acme',
    minArgs: 1,
    maxArgs: 1,
    load: () => import('./gate.js'),
  },
  {
    name: 'check',
    usage: 'check NAME',
    summary: 'say whether NAME needs an upgrade (exit 0 up to date, 3 refused, 4 needed, 5 deferred, 6 not configured)',
    description:
      'Compares the data version and platform stored in the state file with the installed build, and looks for a pending marker. Runs the product\'s checks (the descriptor\'s checks directory) when it has any: one that says "needs upgrade" makes an upgrade due at equal versions (exit 4), one that needs a manual fix refuses (exit 3) with its message. Runs no upgrade script, takes no lock, changes nothing. The exit status is the answer: 4 when an upgrade is needed, 5 when it is needed and was deferred (to the dnf bridge or the next start of the service).',
    options: ['build-version', 'skip-version-check'],
    example: 'upgrade-hook check acme || echo "acme needs attention"',
    minArgs: 1,
    maxArgs: 1,
    load: () => import('./check.js'),
  },
  {
    name: 'status',
    usage: 'status NAME',
    summary: 'show versions, state, pending marker, last run, failed script and log of NAME',
    description:
      "Prints the product's state in one word (up-to-date, upgrade-needed, deferred, failed, refused, not-configured, running), the data and build versions and platforms, the pending marker with its reason, the last run and the script that failed, the log file, what the product's checks say (when it has any) and the command to run next. With --json prints the same as one JSON object (schema in docs/status-json.md). Exits 0.",
    options: ['json', 'build-version'],
    example: 'upgrade-hook status acme --json | jq -r .state',
    minArgs: 1,
    maxArgs: 1,
    load: () => import('./status.js'),
  },
  {
    name: 'plan',
    usage: 'plan NAME',
    summary: 'show what an upgrade of NAME would run, in which phase and why; runs nothing',
    description:
      'Lists the phases with the services up in each, every script with run or skip and the reason, the cleanup scripts, files ignored (editor and package leftovers, non-scripts), scripts masked by the admin, once-scripts changed since they ran, and every problem that would stop an upgrade (exit 78).',
    options: ['build-version', 'force', 'json'],
    example: 'upgrade-hook plan acme',
    minArgs: 1,
    maxArgs: 1,
    load: () => import('./plan.js'),
  },
  {
    name: 'preflight',
    usage: 'preflight NAME [--new-root DIR | --package RPM|DIR] [--json]',
    summary: "check the new build's upgrade against today's data before it is installed (exit 3: inhibited)",
    description:
      "Runs the inhibitors of the build found in DIR (the new package's files: its descriptor, checks and scripts) or in the RPM given with --package (a file, or a directory of downloaded RPMs: the one shipping NAME's descriptor is unpacked into a root-only directory), or of the installed build without either, against the current data, records and free space, and changes nothing. An inhibitor: the new build is older than the data or for another platform; the data is older than the new descriptor's min_data_version (a required stop); the last upgrade failed, or a rollback is unfinished (a refusal of the installed build is judged again for the new one); the build was rolled back on this host; there is no room for the backup the upgrade takes; a check of the new build needs a manual fix; a once-script that already ran changed; the new scripts break lint's rules. A waiver in /etc/upgrade-hook/waivers.d/NAME.conf turns an inhibitor into a warning until it expires. The dnf plugin runs this on each product package of a transaction and aborts the transaction when one is inhibited.",
    options: ['new-root', 'package', 'build-version', 'json'],
    example: 'upgrade-hook preflight acme --new-root /var/tmp/acme-1.2 --build-version 1.2-1',
    minArgs: 1,
    maxArgs: 1,
    load: () => import('./preflight.js'),
  },
  {
    name: 'rehearse',
    usage: 'rehearse NAME --packages DIR [--json]',
    summary: 'run the upgrade to the RPMs in DIR on a copy of the data in a throwaway container, and report',
    description:
      "Copies the product's data ([backup] paths, the state file and its records) while its units are frozen for a moment (they keep their PIDs; on btrfs only while a snapshot is taken; cp --reflink=auto clones where the filesystem can, a plain copy is said up front with its size and estimated time), boots a throwaway systemd container over this host's root with the copy bound over the data and a loopback-only network, runs the [rehearse] neutralize hook before anything of the product starts, then the real upgrade with the new packages (rpm -U: their %posttrans runs it), the checks and the services' readiness. Prints each step with its duration, the upgrade's scripts, the predicted downtime and the packets sent outside lo (must be 0); stores the report in VAR_DIR/rehearse/last.json, which plan then shows. Production's data, state, markers and history are never written; a killed rehearsal's leftovers are removed by the next one.",
    options: ['packages', 'json'],
    example: 'upgrade-hook rehearse acme --packages /var/tmp/acme-1.2',
    minArgs: 1,
    maxArgs: 1,
    load: () => import('./rehearse.js'),
  },
  {
    name: 'matrix',
    usage: 'matrix [NAME] --released DIR --to DIR [--image ROOT] [--with DIR] [--junit FILE] [--json]',
    summary: 'upgrade every released version to the new build in throwaway containers; find hidden required stops',
    description:
      'For each released version (one subdirectory of RPMs per version in --released DIR), boots a fresh systemd container (systemd-nspawn, or podman where it is missing; loopback-only network) over ROOT, installs the --with RPMs and that version, runs the [rehearse] install hook (default: upgrade-hook stamp NAME) and seed hook, upgrades straight to the new build in --to DIR with rpm (its %posttrans runs the real upgrade), runs upgrade-hook check and the [rehearse] digest hook (default: a hash of the [backup] paths). Then one chained run through every version. A direct upgrade whose digest differs from the chained one is a hidden required stop: the first differing hop is named with the min_data_version to declare. One container at a time; each is removed with everything it made, also when the tool is killed.',
    options: ['released', 'to', 'image', 'with', 'junit', 'json'],
    example:
      'upgrade-hook matrix acme --released ci/released --to build/RPMS/noarch --image /var/tmp/el9-root --junit matrix.xml',
    minArgs: 0,
    maxArgs: 1,
    load: () => import('./matrix.js'),
  },
  {
    name: 'stamp',
    usage: 'stamp NAME',
    summary: "for the product's installer: record data version and platform, mark present once-scripts done",
    description:
      "Records the installed build's version as the data version and its platform in the state file, and writes a baseline record for every once-script present now (a fresh install needs none of them). Removes a pending marker. Takes the product lock.",
    options: ['build-version', 'wait'],
    example: 'upgrade-hook stamp acme    # at the end of acme-setup',
    minArgs: 1,
    maxArgs: 1,
    load: () => import('./stamp.js'),
  },
  {
    name: 'state',
    usage: 'state get|set|unset NAME SECTION KEY [VALUE]',
    summary: "read or change a stored value in NAME's state file (for upgrade scripts)",
    description:
      'get prints the value (exit 6 when it is not set); set and unset change it atomically, keeping every other byte of the file; unsetting the last key of a section removes the section, and [DEFAULT] is refused. Safe while the upgrade that started the script holds the lock; otherwise set/unset take the lock themselves.',
    options: ['wait'],
    example: 'email=$(upgrade-hook state get acme acme admin_email)',
    minArgs: 4,
    maxArgs: 5,
    load: () => import('./state.js'),
  },
  {
    name: 'vercmp',
    usage: 'vercmp A B',
    summary: 'print <, = or > comparing versions A and B (rpm EVR rules, or --scheme semver)',
    description:
      'Compares two versions the way upgrade-hook does: rpm epoch:version-release like rpmvercmp (a release makes a version newer than the same version without one), or semver. Prints one character.',
    options: ['scheme'],
    example: 'upgrade-hook vercmp 1.0~rc1 1.0    # prints <',
    minArgs: 2,
    maxArgs: 2,
    load: () => import('./vercmp.js'),
  },
  {
    name: 'bridge',
    usage: 'bridge begin|end|fence NAME DNF_PID',
    summary: 'for the dnf plugin and dnf5 actions: mark a dnf transaction, then run the upgrades deferred to it',
    description:
      "begin (dnf5 pre_transaction action) writes the flag /run/upgrade-hook/bridge.d/PID for the calling dnf5 process, so %posttrans defers to the bridge. fence NAME DNF_PID (the dnf4 plugin and the dnf5 action, before rpm changes a file) tells the gate that this dnf is about to replace the product's files: until the product's %posttrans, a start waits instead of starting new code on old data; it also waits (at most 60 s) for the starts the gate already let through. end (dnf4 plugin transaction(), dnf5 post_transaction action) removes the flag and the fences and runs the upgrade of every product whose marker says it was deferred to the bridge. Always exits 0: a package transaction is never reported as failed because of it.",
    options: [],
    example: 'upgrade-hook bridge end',
    minArgs: 1,
    maxArgs: 3,
    load: () => import('./bridge.js'),
  },
  {
    name: 'resolve',
    usage: 'resolve NAME SCRIPT --reason TEXT',
    summary: "after a manual fix: mark the failed step done, or accept a changed once-script's new content",
    description:
      'For the step the last upgrade failed at (the marker names it): records it as done, with the reason, the time and the admin (SUDO_USER, the login name, or the uid), and turns the failed marker into a deferred one (reason resolved), so the next gate or run continues the upgrade after that step; an always-step counts as done for this upgrade only. For a once-script whose content changed after it ran (plan reports it): records the new checksum, so it is no longer reported. Any other step is refused (exit 2) unless --force, which marks it done (a once-script will then never run). SCRIPT is the file name (NNNN_name) or KIND/NNNN_name. The reason is one line of plain text (control characters are refused). Refused while the data is rolled back or half restored. Takes the product lock; runs nothing.',
    options: ['reason', 'force', 'build-version', 'wait'],
    example: 'upgrade-hook resolve acme 0020_fix_index --reason "index rebuilt by hand, ticket 4711"',
    minArgs: 2,
    maxArgs: 2,
    load: () => import('./resolve.js'),
  },
  {
    name: 'history',
    usage: 'history NAME [RUN]',
    summary: "list the runs of NAME's upgrade (who started them, how they ended); with RUN, its steps",
    description:
      "Lists every run recorded in the product's history, oldest first: its id, when it started, how long it took, the versions from and to, who started it (posttrans, bridge, gate, finish, run, or only for steps run by hand), and how it ended (ok, failed at which step, interrupted, handed-over, running); steps marked done by resolve and baselines written by stamp are listed too. With RUN (an id, a unique prefix of one, or last) prints that run and each of its steps with its phase, duration and exit status. With --json prints the same as JSON. The history keeps the last 100 runs whole (older runs are compacted away, keeping the record that made each once-script done). Exits 0; 2 when RUN matches no run.",
    options: ['json'],
    example: 'upgrade-hook history acme last',
    minArgs: 1,
    maxArgs: 2,
    load: () => import('./history.js'),
  },
  {
    name: 'lint',
    usage: 'lint --root DIR NAME [UNIT...]',
    summary: 'check product NAME as installed into build root DIR (for %check: %upgrade_hook_check NAME)',
    description:
      'Validates a product from a build root (rpmbuild\'s %{buildroot}) before it is packaged: the descriptor in DIR/usr/lib/upgrade-hook/products.d (everything plan checks, its paths resolved under DIR), every upgrade script (name, number, phase, "#!" header, executable, writable by no one else, leftovers), the check executables, that each [service] unit is shipped in DIR or named as external (UNIT... after NAME: units of other packages), that the package\'s units that run the product are behind upgrade-hook@NAME.service (Requires= and After=, in the unit or a drop-in) and listed, that backends are not behind it, that sockets activate only gated units, and that scripts calling upgrade-hook state name this product and do not write its data version. Each finding names the file as installed. Errors exit 78; warnings are printed and exit 0. With --json prints the findings as JSON.',
    options: ['root', 'json'],
    example:
      'upgrade-hook lint --root %{buildroot} acme postgresql@15-main.service\n%check\n%upgrade_hook_check acme postgresql@15-main.service',
    minArgs: 1,
    maxArgs: 100,
    load: () => import('./lint.js'),
  },
  {
    name: 'backup',
    usage: 'backup [list] NAME',
    summary: "take a consistent backup of NAME's data now (services stopped, then started), or list the backups",
    description:
      'Takes the product lock, checks that the backup fits before stopping anything, stops the apps, runs the [backup] dump command with the backends up, stops the backends, copies the [backup] paths, the state file and the history (cp -a --reflink=auto: owner, mode, timestamps, hard links, sparse files, ACLs and xattrs kept), syncs it to disk, keeps the newest [backup] keep backups and starts again what it stopped. Refuses half-upgraded or half-restored data. Ctrl-C or SIGTERM ends it: the partial backup is discarded and what it stopped starts again (exit 1). An upgrade takes the same backup before its first script. With list, prints the backups (--json: one JSON array).',
    options: ['json', 'wait'],
    example: 'upgrade-hook backup acme\nupgrade-hook backup list acme --json',
    minArgs: 1,
    maxArgs: 2,
    load: () => import('./backup.js'),
  },
  {
    name: 'rollback',
    usage: 'rollback NAME [BACKUP]',
    summary:
      "restore NAME's data from a backup (default: the one the failed upgrade took); the gate then waits for the package downgrade",
    description:
      'Checks the space first, takes the product lock, stops every service of the product, and puts the data paths, state file and history back from the backup through a root-only directory PATH.before-rollback-ID next to each, which keeps the data replaced until the next successful upgrade (a rerun after an interruption reuses it), runs the [backup] restore command with the backends up, and leaves a marker that refuses to start the build rolled back from on the restored data. Prints the package command that completes it (dnf downgrade PACKAGE-VERSION); it never touches packages. Once the installed build matches the restored data the gate passes and the marker goes. BACKUP is a name from backup list; without it, only the backup the failed or interrupted upgrade took of the data now on disk is restored, and otherwise it refuses (exit 3), listing what each backup would lose.',
    options: ['build-version', 'wait'],
    example: 'upgrade-hook rollback acme\ndnf downgrade acme-server-1.1-1\nsystemctl start acme.target',
    minArgs: 1,
    maxArgs: 2,
    load: () => import('./rollback.js'),
  },
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
