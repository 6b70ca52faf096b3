// `systemctl show` output as data: one block of KEY=VALUE lines per unit, blocks separated by a blank line.
// Pure, so the topology logic is tested without a systemd.

export interface UnitInfo {
  id: string;
  loadState: string;
  activeState: string;
  /** The id of a queued or running job of the unit, or undefined (`systemctl show` prints no job type). */
  job: string | undefined;
  /** Units that stop (or restart) with this one: RequiredBy=, BoundBy=, ConsistsOf= (inverse of PartOf=). */
  stopsWithIt: string[];
  /** Units that start it: RequiredBy=, WantedBy=, BoundBy=, RequisiteOf=. */
  pulledInBy: string[];
  /** Units it pulls in: Requires=, Wants=, BindsTo=. */
  pullsIn: string[];
  /** Socket, timer and path units that start it. */
  triggeredBy: string[];
  /** For a trigger unit: what it starts. */
  triggers: string[];
  needsDaemonReload: boolean;
  markers: string[];
  /** Units that only Wants= this one (WantedBy=): a failed start of this one does not fail theirs. */
  wantedBy: string[];
  /** Service Type= ("simple", "notify", "oneshot"...), empty for other unit types. */
  type: string;
  remainAfterExit: boolean;
  /** Result= of the last run: "success", "exit-code", "signal"... */
  result: string;
  /** RefuseManualStop=yes: `systemctl stop UNIT` is refused (exit 4); a stop propagated from another unit is not. */
  refuseManualStop: boolean;
  /** RefuseManualStart=yes: `systemctl start UNIT` is refused; a start pulled in by another unit is not. */
  refuseManualStart: boolean;
}

export const SHOWN_PROPERTIES = [
  'Id',
  'LoadState',
  'ActiveState',
  'Job',
  'RequiredBy',
  'BoundBy',
  'ConsistsOf',
  'WantedBy',
  'RequisiteOf',
  'Requires',
  'Wants',
  'BindsTo',
  'TriggeredBy',
  'Triggers',
  'NeedDaemonReload',
  'Markers',
  'Type',
  'RemainAfterExit',
  'Result',
  'RefuseManualStop',
  'RefuseManualStart',
] as const;

// systemctl quotes a name that holds a backslash: "system-topo\\x2dworker.slice" is system-topo\x2dworker.slice
const unquote = (name: string) =>
  name.length > 1 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replace(/\\\\/g, '\\') : name;
const list = (v: string | undefined) => (v ?? '').split(/\s+/).filter(Boolean).map(unquote);

/** The blocks in the order systemctl printed them (the order of the units asked for). */
export function parseShow(text: string): UnitInfo[] {
  const units: UnitInfo[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const p = new Map<string, string>();
    for (const line of block.split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) p.set(line.slice(0, eq), line.slice(eq + 1));
    }
    const id = p.get('Id');
    if (!id) continue;
    units.push({
      id,
      loadState: p.get('LoadState') ?? '',
      activeState: p.get('ActiveState') ?? '',
      job: jobType(p.get('Job')),
      stopsWithIt: [...list(p.get('RequiredBy')), ...list(p.get('BoundBy')), ...list(p.get('ConsistsOf'))],
      pulledInBy: [
        ...list(p.get('RequiredBy')),
        ...list(p.get('WantedBy')),
        ...list(p.get('BoundBy')),
        ...list(p.get('RequisiteOf')),
      ],
      pullsIn: [...list(p.get('Requires')), ...list(p.get('Wants')), ...list(p.get('BindsTo'))],
      triggeredBy: list(p.get('TriggeredBy')),
      triggers: list(p.get('Triggers')),
      needsDaemonReload: p.get('NeedDaemonReload') === 'yes',
      markers: list(p.get('Markers')),
      wantedBy: list(p.get('WantedBy')),
      type: p.get('Type') ?? '',
      remainAfterExit: p.get('RemainAfterExit') === 'yes',
      result: p.get('Result') ?? '',
      refuseManualStop: p.get('RefuseManualStop') === 'yes',
      refuseManualStart: p.get('RefuseManualStart') === 'yes',
    });
  }
  return units;
}

// `Job=` is empty, "0" or the job id (systemctl-show.c prints only the id of the (uo) pair).
function jobType(v: string | undefined): string | undefined {
  const parts = (v ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0 || parts[0] === '0') return undefined;
  return parts[parts.length - 1];
}

/** Up, or on its way up or down: a unit a phase that needs it stopped must stop. */
export function isRunning(u: UnitInfo | undefined): boolean {
  return u !== undefined && ['active', 'activating', 'reloading', 'deactivating'].includes(u.activeState);
}

/** A service that runs to completion and is inactive again when it succeeded (Type=oneshot without
 * RemainAfterExit=yes: an import, a report, a cleanup started by a timer or a path unit). */
export function isRunToCompletion(u: UnitInfo | undefined): boolean {
  return u?.id.endsWith('.service') === true && u.type === 'oneshot' && !u.remainAfterExit;
}

/** A run-to-completion job whose last run succeeded: inactive is its success state. */
export function ranToSuccess(u: UnitInfo | undefined): boolean {
  return isRunToCompletion(u) && u!.activeState === 'inactive' && u!.result === 'success';
}
