// Pure validation of a raw descriptor: every problem is reported with file, line, key and the fix.
import {
  DEFAULT_PHASES,
  type ConfiguredTest,
  type Descriptor,
  type PhaseRange,
  type ReadinessProbe,
  type ServiceSpec,
  type ValueSource,
} from './descriptor.js';
import type { RawDescriptor, RawSection, RawValue } from './raw-descriptor.js';
import { closest } from './spelling.js';
import { DEFAULT_SECTION } from '../state/ini-parse.js';
import { sectionNameProblem } from '../state/ini-representable.js';
import { quoteLine } from '../state/ini-text.js';
import { BOOLEANS, parseBackupSection } from './backup-section.js';
import { parseRehearseSection } from './rehearse-section.js';
import { UpgradeHookError } from '../errors.js';
import { validateVersion } from '../version/index.js';

const PRODUCT_KEYS = [
  'build_version',
  'platform',
  'version_scheme',
  'state_file',
  'state_section',
  'scripts',
  'admin_scripts',
  'var_dir',
  'log_file',
  'auto_upgrade',
  'script_timeout',
  'configured_if',
  'assume_data_version',
  'checks',
  'check_timeout',
  'min_data_version',
] as const;
const PHASE_KEYS = ['offline', 'backend', 'online'] as const;
const SERVICE_KEYS = ['role', 'unit', 'start', 'stop', 'ready', 'ready_timeout'] as const;
/** A check answers before a service starts: a hung one must not hold the start for long. */
export const DEFAULT_CHECK_TIMEOUT_SEC = 60;

export interface DescriptorProblem {
  file: string;
  line: number;
  message: string;
}

/** Problems fail the descriptor; warnings (doubtful values, kept as written) are printed and it goes on. */
export type ValidationResult =
  | { ok: true; descriptor: Descriptor; warnings: DescriptorProblem[] }
  | { ok: false; problems: DescriptorProblem[]; warnings: DescriptorProblem[] };

export function validateDescriptor(raw: RawDescriptor): ValidationResult {
  const problems: DescriptorProblem[] = [];
  const at = (v: { file: string; line: number }, message: string) =>
    problems.push({ file: v.file, line: v.line, message });
  const lastSource = raw.sources[raw.sources.length - 1] ?? raw.name;
  const warnings = checkSyntax(raw, at);

  for (const section of raw.sections.values()) {
    if (section.name === 'product' || section.name === 'phases' || section.name === DEFAULT_SECTION) continue;
    if (/^service\s+\S+$/.test(section.name) || section.name === 'backup' || section.name === 'rehearse') continue;
    const guess = closest(section.name, ['product', 'phases', 'service NAME', 'backup', 'rehearse']);
    at(
      section,
      `unknown section [${section.name}]; allowed: [product], [phases], [service NAME], [backup], [rehearse]${guess ? ` (did you mean [${guess}]?)` : ''}`,
    );
  }
  const product = raw.sections.get('product');
  if (!product) {
    problems.push({
      file: lastSource,
      line: 1,
      message: 'missing [product] section; add it with at least build_version, state_file, state_section and scripts',
    });
    return { ok: false, problems, warnings };
  }
  checkKeys(product, PRODUCT_KEYS, at);
  const phasesSection = raw.sections.get('phases');
  if (phasesSection) checkKeys(phasesSection, PHASE_KEYS, at);

  // A misspelt required key is reported once, as "did you mean", not again as missing.
  const misspelt = new Set(
    [...product.keys.keys()]
      .filter((k) => !(PRODUCT_KEYS as readonly string[]).includes(k))
      .map((k) => closest(k, PRODUCT_KEYS)),
  );
  const required = (key: string): RawValue | undefined => {
    const v = product.keys.get(key);
    if ((!v || v.value === '') && misspelt.has(key)) return undefined;
    if (!v || v.value === '') {
      at(v ?? product, `[product] ${key} is required; ${requiredHint[key] ?? 'set it'}`);
      return undefined;
    }
    return v;
  };
  const optional = (key: string) => {
    const v = product.keys.get(key);
    return v && v.value !== '' ? v : undefined;
  };
  const absolutePath = (v: RawValue | undefined, key: string): string | undefined => {
    if (!v) return undefined;
    if (!v.value.startsWith('/')) at(v, `[product] ${key} = ${v.value}: must be an absolute path`);
    return v.value;
  };

  const buildVersion = valueSource(required('build_version'), 'build_version', true, at);
  const platform = valueSource(optional('platform'), 'platform', false, at);
  const schemeRaw = optional('version_scheme');
  let versionScheme: 'rpm' | 'semver' = 'rpm';
  if (schemeRaw) {
    if (schemeRaw.value === 'rpm' || schemeRaw.value === 'semver') versionScheme = schemeRaw.value;
    else at(schemeRaw, `[product] version_scheme = ${schemeRaw.value}: use rpm or semver`);
  }
  const stateFile = absolutePath(required('state_file'), 'state_file');
  const stateSection = stateSectionName(required('state_section'), at);
  const scriptsDir = absolutePath(required('scripts'), 'scripts');
  const adminScriptsDir = absolutePath(optional('admin_scripts'), 'admin_scripts');
  const varDir = absolutePath(optional('var_dir'), 'var_dir') ?? `/var/lib/upgrade-hook/${raw.name}`;
  const logFile = absolutePath(optional('log_file'), 'log_file') ?? `/var/log/upgrade-hook/${raw.name}.log`;
  const autoUpgrade = boolean(optional('auto_upgrade'), 'auto_upgrade', true, at);
  const scriptTimeoutSec = seconds(optional('script_timeout'), '[product] script_timeout', 0, at);
  const configuredIf = configuredTest(optional('configured_if'), at);
  const assumeDataVersion = optional('assume_data_version')?.value ?? '0';
  if (optional('assume_data_version') && !configuredIf)
    at(
      optional('assume_data_version')!,
      '[product] assume_data_version needs configured_if (how to recognise a configured product)',
    );

  // a "required stop": data older than this cannot be upgraded by this build (preflight vetoes it)
  const minRaw = optional('min_data_version');
  let minDataVersion: string | undefined;
  if (minRaw) {
    try {
      validateVersion(versionScheme, minRaw.value, '[product] min_data_version');
      minDataVersion = minRaw.value;
    } catch (e) {
      if (!(e instanceof UpgradeHookError)) throw e;
      at(minRaw, e.message);
    }
  }
  const checksDir = absolutePath(optional('checks'), 'checks');
  const checkTimeoutSec = seconds(optional('check_timeout'), '[product] check_timeout', DEFAULT_CHECK_TIMEOUT_SEC, at);
  const phases = parsePhases(phasesSection, at);
  const services: ServiceSpec[] = [];
  for (const section of raw.sections.values()) {
    const m = /^service\s+(\S+)$/.exec(section.name);
    if (m) services.push(parseService(m[1]!, section, at));
  }

  const backupSection = raw.sections.get('backup');
  const backup = backupSection ? parseBackupSection(backupSection, varDir, at) : undefined;
  const rehearseSection = raw.sections.get('rehearse');
  const rehearse = rehearseSection ? parseRehearseSection(rehearseSection, at) : undefined;

  if (problems.length > 0 || !buildVersion || !stateFile || !stateSection || !scriptsDir)
    return { ok: false, problems, warnings };
  return {
    ok: true,
    warnings,
    descriptor: {
      name: raw.name,
      sources: raw.sources,
      buildVersion,
      platform,
      versionScheme,
      stateFile,
      stateSection,
      scriptsDir,
      adminScriptsDir,
      varDir,
      logFile,
      autoUpgrade,
      scriptTimeoutSec,
      configuredIf,
      assumeDataVersion,
      minDataVersion,
      phases,
      services,
      backup,
      rehearse,
      checksDir,
      checkTimeoutSec,
    },
  };
}

const requiredHint: Record<string, string> = {
  build_version: 'e.g. build_version = file:/usr/share/NAME/VERSION, rpm:PACKAGE or a literal version',
  state_file: 'e.g. state_file = /var/lib/NAME/sysupgrade/sysupgrade.state',
  state_section: 'the section of the state file that holds data_version and platform, e.g. state_section = NAME',
  scripts: 'the directory holding always/ and once/, e.g. scripts = /usr/share/NAME/upgrade.d',
};

type At = (v: { file: string; line: number }, message: string) => void;

// Commands go to /bin/sh, which reads quotes and '#' comments the way their writer meant them.
const SHELL_KEYS = new Set(['start', 'stop']);
const isCommand = (section: RawSection, key: string, value: string) =>
  (section.name.startsWith('service') && (SHELL_KEYS.has(key) || (key === 'ready' && value.startsWith('exec:')))) ||
  (section.name === 'backup' && (key === 'dump' || key === 'restore')) ||
  section.name === 'rehearse';

/**
 * What configparser reads differently from how it looks: a [DEFAULT] section (its keys show in every
 * section), an indented line that continues the value above it (after start = it would run as a second
 * command), and, as warnings, a value ending in what looks like a comment or wrapped in quotes.
 */
function checkSyntax(raw: RawDescriptor, at: At): DescriptorProblem[] {
  const warnings: DescriptorProblem[] = [];
  const warn = (v: RawValue, message: string) => warnings.push({ file: v.file, line: v.line, message });
  for (const section of raw.sections.values()) {
    if (section.name === DEFAULT_SECTION) {
      at(
        section,
        `[${DEFAULT_SECTION}] is not allowed in a descriptor: configparser shows its keys in every section; move each key into [product], [phases] or the [service NAME] it belongs to`,
      );
    }
    for (const [key, v] of section.keys) {
      const c = v.continuation;
      if (c || v.value.includes('\n')) {
        const what = c ? `the indented line ${quoteLine(c.text)}` : 'a second line';
        const runs = SHELL_KEYS.has(key) ? ', so it would run as a second shell command' : '';
        at(
          { file: v.file, line: c?.line ?? v.line },
          `${what} continues [${section.name}] ${key} from line ${v.line}: configparser reads an indented line as more of the value above it${runs}; a descriptor value is one line: join it to line ${v.line}, or remove the indentation if it is a key of its own`,
        );
        continue;
      }
      if (isCommand(section, key, v.value)) continue;
      const comment = /\s([#;].*)$/.exec(v.value);
      if (comment) {
        warn(
          v,
          `[${section.name}] ${key} = ${v.value}: configparser keeps ${quoteLine(comment[1]!)} in the value (there are no comments at the end of a line); if it is a comment, move it to a line of its own`,
        );
      } else if (/^(["']).*\1$/.test(v.value) && v.value.length >= 2) {
        warn(
          v,
          `[${section.name}] ${key} = ${v.value}: configparser keeps the quotes in the value; remove them unless they belong to it`,
        );
      }
    }
  }
  return warnings;
}

/** The state file section holding data_version: one configparser and FreeIPA read back unchanged. */
function stateSectionName(v: RawValue | undefined, at: At): string | undefined {
  if (!v) return undefined;
  const problem =
    v.value === DEFAULT_SECTION
      ? "it is configparser's default section, whose keys show in every section"
      : sectionNameProblem(v.value);
  if (problem)
    at(v, `[product] state_section = ${v.value}: ${problem}; choose another section name, e.g. the product's name`);
  return v.value;
}

function checkKeys(section: RawSection, allowed: readonly string[], at: At) {
  for (const [key, v] of section.keys) {
    if (allowed.includes(key)) continue;
    const guess = closest(key, allowed);
    at(
      v,
      `unknown key "${key}" in [${section.name}]${guess ? `: did you mean "${guess}"?` : `; allowed: ${allowed.join(', ')}`}`,
    );
  }
}

function valueSource(v: RawValue | undefined, key: string, allowRpm: boolean, at: At): ValueSource | undefined {
  if (!v) return undefined;
  const s = v.value;
  if (s.startsWith('file:')) {
    const path = s.slice(5);
    if (!path.startsWith('/'))
      at(v, `[product] ${key} = ${s}: file: needs an absolute path, e.g. file:/usr/share/NAME/VERSION`);
    return { kind: 'file', path };
  }
  if (s.startsWith('rpm:')) {
    if (!allowRpm) at(v, `[product] ${key} = ${s}: rpm: is only for build_version; use file:PATH or a literal`);
    if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(s.slice(4)))
      at(v, `[product] ${key} = ${s}: rpm: needs a package name, e.g. rpm:acme-server`);
    return { kind: 'rpm', package: s.slice(4) };
  }
  if (/^[a-z]+:\//.test(s))
    at(v, `[product] ${key} = ${s}: unknown source; use file:PATH${allowRpm ? ', rpm:PACKAGE' : ''} or a literal`);
  return { kind: 'literal', value: s };
}

function boolean(v: RawValue | undefined, key: string, dflt: boolean, at: At): boolean {
  if (!v) return dflt;
  const b = BOOLEANS[v.value.toLowerCase()];
  if (b === undefined) {
    at(v, `[product] ${key} = ${v.value}: use yes or no`);
    return dflt;
  }
  return b;
}

function seconds(v: RawValue | undefined, what: string, dflt: number, at: At): number {
  if (!v) return dflt;
  if (!/^\d+$/.test(v.value)) {
    at(v, `${what} = ${v.value}: use a whole number of seconds (0 = no limit)`);
    return dflt;
  }
  return Number(v.value);
}

function configuredTest(v: RawValue | undefined, at: At): ConfiguredTest | undefined {
  if (!v) return undefined;
  if (v.value.startsWith('file:/')) return { kind: 'file', path: v.value.slice(5) };
  const m = /^state:([^:]+):([^=]+)=(.*)$/.exec(v.value);
  if (m) return { kind: 'state', section: m[1]!, key: m[2]!, value: m[3]! };
  at(
    v,
    `[product] configured_if = ${v.value}: use file:/PATH or state:SECTION:KEY=VALUE (e.g. state:installation:complete=True)`,
  );
  return undefined;
}

function parsePhases(section: RawSection | undefined, at: At): PhaseRange[] {
  const phases = DEFAULT_PHASES.map((p) => ({ ...p }));
  if (!section) return phases;
  for (const phase of phases) {
    const v = section.keys.get(phase.name);
    if (!v) continue;
    const m = /^(\d{4})\s*-\s*(\d{4})$/.exec(v.value);
    if (!m || Number(m[1]) > Number(m[2])) {
      at(
        v,
        `[phases] ${phase.name} = ${v.value}: use a range of 4-digit script numbers, e.g. ${phase.name} = 3000-5999`,
      );
      continue;
    }
    phase.from = Number(m[1]);
    phase.to = Number(m[2]);
  }
  const sorted = [...phases].sort((a, b) => a.from - b.from);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (b.from <= a.to) {
      at(
        section.keys.get(b.name) ?? section.keys.get(a.name) ?? section,
        `[phases] ${a.name} (${fmt(a)}) and ${b.name} (${fmt(b)}) overlap; give each script number to exactly one phase`,
      );
    }
  }
  const order = ['offline', 'backend', 'online'];
  if (problemsFree(sorted) && sorted.map((p) => p.name).join() !== order.join()) {
    at(section, `[phases] must keep their order offline < backend < online (services are started between them)`);
  }
  return phases;
}

const fmt = (p: PhaseRange) => `${String(p.from).padStart(4, '0')}-${String(p.to).padStart(4, '0')}`;
const problemsFree = (sorted: PhaseRange[]) => sorted.every((p, i) => i === 0 || p.from > sorted[i - 1]!.to);

function parseService(name: string, section: RawSection, at: At): ServiceSpec {
  checkKeys(section, SERVICE_KEYS, at);
  const get = (k: string) => {
    const v = section.keys.get(k);
    return v && v.value !== '' ? v : undefined;
  };
  const roleV = get('role');
  let role: 'backend' | 'app' = 'backend';
  if (!roleV) at(section, `[${section.name}] role is required: role = backend or role = app`);
  else if (roleV.value === 'backend' || roleV.value === 'app') role = roleV.value;
  else at(roleV, `[${section.name}] role = ${roleV.value}: use backend or app`);
  const unit = get('unit')?.value;
  const start = get('start')?.value;
  const stop = get('stop')?.value;
  if (unit && (start || stop)) at(section, `[${section.name}] has both unit and start/stop commands; use one of them`);
  if (!unit && (!start || !stop))
    at(section, `[${section.name}] needs unit = NAME.service, or both start = COMMAND and stop = COMMAND`);
  const readyV = get('ready');
  const ready = readyV ? parseProbe(readyV, section.name, Boolean(unit), at) : undefined;
  const readyTimeoutSec = seconds(get('ready_timeout'), `[${section.name}] ready_timeout`, 300, at);
  return { name, role, unit, start, stop, ready, readyTimeoutSec };
}

function parseProbe(v: RawValue, section: string, hasUnit: boolean, at: At): ReadinessProbe | undefined {
  const s = v.value;
  const tcp = /^tcp:(.+):(\d{1,5})$/.exec(s);
  if (tcp) {
    const port = Number(tcp[2]);
    if (port < 1 || port > 65535) at(v, `[${section}] ready = ${s}: port must be 1-65535`);
    return { kind: 'tcp', host: tcp[1]!.replace(/^\[(.*)\]$/, '$1'), port };
  }
  if (/^https?:\/\/\S+$/.test(s)) return { kind: 'http', url: s };
  if (s.startsWith('exec:') && s.length > 5) return { kind: 'exec', command: s.slice(5) };
  if (s === 'unit') {
    if (!hasUnit) at(v, `[${section}] ready = unit needs unit = NAME.service`);
    return { kind: 'unit' };
  }
  at(v, `[${section}] ready = ${s}: unknown probe; use tcp:HOST:PORT, http(s)://URL, exec:COMMAND or unit`);
  return undefined;
}
