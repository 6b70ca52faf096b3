// A generated product's package sources, as text (pure): unit files, the descriptor, the once-scripts of
// 1.1 and 1.2 in the three phases, the list of units the evidence records, and the spec. build.ts writes
// them next to the fixed helpers in files/ and runs rpmbuild.
import type { ProductSpec, UnitSpec } from './model.js';

export const VERSIONS = ['1.0', '1.1', '1.2'] as const;
// the other product's backend a product may share is always gpa-db (slot 0, port 17500)
const SHARED_PORT = 17500;

const fileOf = (u: UnitSpec) => u.name.replace(/@[^.]+\./, '@.');

function unitFile(p: ProductSpec, u: UnitSpec): string {
  const lines = ['[Unit]', `Description=generated product ${p.name}: ${u.kind} ${fileOf(u)}`];
  if (u.gated) lines.push(`Requires=upgrade-hook@${p.name}.service`, `After=upgrade-hook@${p.name}.service`);
  for (const d of u.deps) {
    lines.push(`${d.rel}=${d.to}`);
    if (d.after) lines.push(`After=${d.to}`);
  }
  if (u.refuseManualStart) lines.push('RefuseManualStart=yes');
  if (u.refuseManualStop) lines.push('RefuseManualStop=yes');
  lines.push('');
  const daemon = `/usr/share/${p.name}/libexec/gen-daemon ${u.kind} %n ${p.name} ${u.port ?? '-'}`;
  switch (u.kind) {
    case 'socket':
      lines.push('[Socket]', `ListenStream=127.0.0.1:${u.port}`);
      break;
    case 'path':
      lines.push('[Path]', `PathModified=/var/lib/${p.name}/inbox`, `Unit=${u.triggers}`);
      break;
    case 'timer':
      lines.push('[Timer]', 'OnActiveSec=1', 'OnUnitActiveSec=4', 'AccuracySec=100ms', `Unit=${u.triggers}`);
      break;
    default:
      lines.push('[Service]', `Type=${u.type ?? 'simple'}`);
      if (u.remainAfterExit) lines.push('RemainAfterExit=yes');
      if (u.type === 'oneshot') lines.push('Environment=UH_ONESHOT=1');
      if (u.startPre) lines.push(`ExecStartPre=/bin/sleep ${u.startPre}`);
      lines.push(`ExecStart=${daemon}`);
      if (u.startPost) lines.push(`ExecStartPost=/bin/sleep ${u.startPost}`);
      if (u.restart !== 'no') lines.push(`Restart=${u.restart}`, 'RestartSec=1');
  }
  if (u.wantedByTarget) lines.push('', '[Install]', `WantedBy=${p.name}.target`);
  return `${lines.join('\n')}\n`;
}

function targetFile(p: ProductSpec): string {
  const wants = p.units.filter((u) => u.kind === 'app' && !u.wantedByTarget).map((u) => u.name);
  wants.push(...p.units.filter((u) => u.kind === 'socket').map((u) => u.name));
  return [
    '[Unit]',
    `Description=generated product ${p.name} (all of it)`,
    `Wants=${wants.join(' ')}`,
    `After=${wants.join(' ')}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

function descriptor(p: ProductSpec): string {
  const out = [
    `# generated product ${p.name} (test/e2e/generator)`,
    '[product]',
    `build_version = file:/usr/share/${p.name}/VERSION`,
    'platform = debian12',
    'version_scheme = rpm',
    `state_file = /var/lib/${p.name}/sysupgrade.state`,
    `state_section = ${p.name}`,
    `scripts = /usr/share/${p.name}/upgrade.d`,
    `admin_scripts = /etc/${p.name}/upgrade.d`,
    `log_file = /var/log/${p.name}/upgrade.log`,
    'auto_upgrade = yes',
    '',
    '[phases]',
    'offline = 0001-2999',
    'backend = 3000-5999',
    'online = 6000-9999',
  ];
  const service = (name: string, role: string, port: number | null) => {
    out.push('', `[service ${name.replace(/\.service$/, '').replace('@', '-')}]`, `role = ${role}`, `unit = ${name}`);
    if (port !== null) out.push(`ready = tcp:127.0.0.1:${port}`, 'ready_timeout = 20');
  };
  for (const b of p.sharedBackends) service(b, 'backend', SHARED_PORT);
  for (const u of p.units.filter((x) => x.inDescriptor))
    service(u.name, u.kind === 'backend' ? 'backend' : 'app', u.kind === 'api' ? null : u.port);
  if (p.backup) out.push('', '[backup]', `paths = /var/lib/${p.name}/data`);
  return `${out.join('\n')}\n`;
}

function script(p: ProductSpec, v: string): string {
  return `#!/bin/bash\nexec /usr/share/${p.name}/libexec/gen-step ${p.name} ${v} "$0" ${p.scriptSeconds}\n`;
}

// The once-scripts of version V (1.N): offline, a precheck that fails while /etc/P/fail-V exists and
// /etc/P/fixed-V does not, the backend step that writes the new data format, online.
export function scriptsOf(p: ProductSpec, v: string): Record<string, string> {
  const n = v.split('.')[1];
  const tag = `v${v.replace('.', '_')}`;
  const names = [
    `1${n}00_offline_${tag}`,
    `4${n}00_precheck_${tag}`,
    `4${n}50_backend_${tag}`,
    `7${n}00_online_${tag}`,
  ];
  return Object.fromEntries(names.map((s) => [s, script(p, v)]));
}

function spec(p: ProductSpec): string {
  const files = [...new Set(p.units.map(fileOf))];
  const services = p.units.filter((u) => u.gated && u.kind !== 'job').map((u) => u.name);
  const all = [`${p.name}.target`, ...p.units.map((u) => u.name)];
  return `# generated product ${p.name} (test/e2e/generator/render.ts); build.ts defines gen_version
%{!?gen_version:%global gen_version 1.0}
%{!?_unitdir:%global _unitdir /usr/lib/systemd/system}
%global _buildshell /bin/bash
Name:           ${p.name}
Version:        %{gen_version}
Release:        1
Summary:        generated test product ${p.name}
License:        MIT
BuildArch:      noarch
%upgrade_hook_requires
%systemd_requires
Requires:       /usr/bin/python3
${p.sharedBackends.length ? 'Requires:       gpa\n' : ''}
%description
A product upgrade-hook's generator made (issue 20).

%prep
%build

%install
src=%{_sourcedir}
share=%{buildroot}/usr/share/${p.name}
install -d -m 0755 %{buildroot}%{_unitdir} $share/libexec $share/upgrade.d/{always,once,cleanup} %{buildroot}/usr/lib/upgrade-hook/products.d %{buildroot}%{_sysconfdir}/${p.name}/upgrade.d/{always,once,cleanup}
install -m 0644 -t %{buildroot}%{_unitdir} $src/systemd/*
install -m 0755 -t $share/libexec $src/libexec/*
install -m 0644 $src/units.list $share/units.list
install -m 0644 $src/conf/${p.name}.conf %{buildroot}/usr/lib/upgrade-hook/products.d/${p.name}.conf
echo '%{version}-%{release}' >$share/VERSION
this=%{version}
for dir in $src/versions/1.*/; do
  v=\${dir%/}; v=\${v##*/}
  (( \${v#1.} <= \${this#1.} )) && cp -rp $dir/upgrade.d/. $share/upgrade.d/
done
chmod -R go-w $share

%post
%systemd_post ${p.name}.target

%preun
%systemd_preun ${all.join(' ')}

%postun
${p.restartMarks ? '%systemd_postun_with_restart' : '%systemd_postun'} ${services.join(' ')}

%pretrans -p <lua>
%upgrade_hook_pretrans ${p.name}

%posttrans
%upgrade_hook_posttrans ${p.name}

%files
/usr/share/${p.name}
${files.map((f) => `%{_unitdir}/${f}`).join('\n')}
%{_unitdir}/${p.name}.target
/usr/lib/upgrade-hook/products.d/${p.name}.conf
%dir %{_sysconfdir}/${p.name}
%dir %{_sysconfdir}/${p.name}/upgrade.d
%dir %{_sysconfdir}/${p.name}/upgrade.d/always
%dir %{_sysconfdir}/${p.name}/upgrade.d/once
%dir %{_sysconfdir}/${p.name}/upgrade.d/cleanup

%changelog
* Mon Dec 07 2026 upgrade-hook developers <upgrade-hook@example.org> - %{version}-1
- generated
`;
}

// Every generated source file of product P, by path relative to its source folder.
export function renderProduct(p: ProductSpec): Record<string, string> {
  const files: Record<string, string> = {};
  for (const u of p.units) files[`systemd/${fileOf(u)}`] ??= unitFile(p, u);
  files[`systemd/${p.name}.target`] = targetFile(p);
  files[`conf/${p.name}.conf`] = descriptor(p);
  files['units.list'] = `${[...p.sharedBackends, ...p.units.map((u) => u.name)].join('\n')}\n`;
  files[`${p.name}.spec`] = spec(p);
  files['shape.json'] = `${JSON.stringify(p, null, 1)}\n`;
  for (const v of VERSIONS.slice(1))
    for (const [name, text] of Object.entries(scriptsOf(p, v))) files[`versions/${v}/upgrade.d/once/${name}`] = text;
  return files;
}
