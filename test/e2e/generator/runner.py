#!/usr/bin/python3
# The generator's event runner, inside the booted container (test/e2e/generator/batch.ts boots it):
#   python3 /mnt/gen/runner.py
# Reads /mnt/results/batch.json (the cases: products with their RPM folders under /mnt/cache, steps, faults)
# and runs them one after the other in this boot, resetting the product between cases. Per case it leaves
# /mnt/results/CASE/: commands.jsonl (every command: step, name, kind, exit code), snap-LABEL.json, the
# products' evidence and starts, upgrade-hook's history and log, faults.jsonl (what each fault hit).
# A reboot or a power cut needs the host: progress is kept in /var/lib/uhgen/progress.json; for a reboot the
# runner exits 100 (the host powers off cleanly and boots the same tree); for a power cut it writes
# /mnt/results/POWERCUT and waits to be killed with the whole container. The next boot resumes the case.
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

R = '/mnt/results'
PROGRESS = '/var/lib/uhgen/progress.json'
BATCH = json.load(open(f'{R}/batch.json'))
OUT = R


def say(*a):
    print(*a, flush=True)


def now():
    return time.time()


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        json.dump(obj, f)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


STEP = -1


def cmd(name, argv, kind='admin', timeout=300, env=None):
    """Run argv bounded, keep its output in OUT/NAME.out, record it; returns the exit status."""
    t0 = now()
    with open(f'{OUT}/{name}.out', 'w') as out:
        try:
            r = subprocess.run(['timeout', '--kill-after=5', str(timeout), *argv], stdout=out,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})
            rc = r.returncode
        except OSError as e:
            out.write(str(e))
            rc = 127
    rec = {'step': STEP, 'name': name, 'kind': kind, 'rc': rc, 'ms': int((now() - t0) * 1000), 't': round(t0, 3),
           'cmd': ' '.join(argv), 'env': env or {}}
    with open(f'{OUT}/commands.jsonl', 'a') as f:
        f.write(json.dumps(rec) + '\n')
    say(f'  $ {"".join(k + "=" + v + " " for k, v in (env or {}).items())}{" ".join(argv)}   (exit {rc}, '
        f'{rec["ms"] / 1000:.1f} s{", " + kind if kind != "admin" else ""})')
    if rc != 0:
        tail = (read(f'{OUT}/{name}.out') or '').strip().split('\n')[-4:]
        for line in tail:
            say(f'    | {line[:200]}')
    return rc


def q(*argv, timeout=30):
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        return r.returncode, r.stdout.strip()
    except subprocess.TimeoutExpired:
        return None, ''


# ---- the case's products
CASE = None


def products():
    return CASE['products']


def all_units():
    seen = []
    for p in products():
        for u in p['units'] + [p['target']]:
            if u not in seen:
                seen.append(u)
    return seen


def unit_state(u):
    _, out = q('systemctl', 'show', '-p', 'ActiveState,SubState,Result,MainPID,Job,LoadState', u)
    return dict(line.split('=', 1) for line in out.split('\n') if '=' in line)


def no_jobs():
    return q('systemctl', 'list-jobs', '--no-legend', '--no-pager')[1] == ''


def up_to_date(p):
    return q('upgrade-hook', 'check', p['name'])[0] == 0


def poke(port, seconds=3.0):
    import socket
    end = now() + seconds
    while now() < end:
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=0.5) as s:
                s.settimeout(0.5)
                if s.recv(100):
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def settle(label):
    """Wait (at most 20 s) until systemd has no job and no product unit is changing for half a second, then
    activate the socket-activated apis of up-to-date products (a client's first request), then snapshot."""
    t0 = now()
    quiet_since = None
    while now() - t0 < 20:
        changing = any(unit_state(u).get('ActiveState') in ('activating', 'deactivating', 'reloading')
                       for u in all_units())
        if no_jobs() and not changing:
            quiet_since = quiet_since or now()
            if now() - quiet_since >= 0.5:
                break
        else:
            quiet_since = None
        time.sleep(0.1)
    for p in products():
        if p.get('apiPort') and unit_state(p['apiSocket']).get('ActiveState') == 'active' and up_to_date(p):
            poke(p['apiPort'])
    snap(label)


def snap(label):
    s = {'label': label, 't': round(now(), 3), 'step': STEP, 'products': {}, 'units': {}}
    for u in all_units() + [x for p in products() for x in (f'upgrade-hook@{p["name"]}.service',
                                                            f'upgrade-hook-finish@{p["name"]}.service')]:
        st = unit_state(u)
        pid = int(st.get('MainPID') or 0)
        live = None
        for p in products():
            try:
                live = json.load(open(f'/run/{p["name"]}/{u}.json'))
                break
            except (OSError, ValueError):
                pass
        s['units'][u] = {'active': st.get('ActiveState'), 'sub': st.get('SubState'), 'result': st.get('Result'),
                         'job': st.get('Job') or None, 'pid': pid,
                         'code': live['code'] if live and pid and live.get('pid') == pid else None}
    for p in products():
        n = p['name']
        state = read(f'/var/lib/{n}/sysupgrade.state') or ''
        dv = next((line.split('=', 1)[1].strip() for line in state.split('\n') if line.startswith('data_version')), None)
        rc, status = q('upgrade-hook', 'status', n, '--json')
        try:
            status = json.loads(status)
        except ValueError:
            status = {'unparsed': status[:500], 'rc': rc}
        marker_text = read(f'/var/lib/upgrade-hook/{n}/marker')
        try:
            marker = json.loads(marker_text) if marker_text is not None else None
        except ValueError:
            marker = {'unparsed': marker_text[:500]}
        hist = read(f'/var/lib/upgrade-hook/{n}/history.jsonl') or ''
        bad = 0
        for line in hist.split('\n'):
            if line.strip():
                try:
                    json.loads(line)
                except ValueError:
                    bad += 1
        s['products'][n] = {
            'packages': q('rpm', '-q', '--qf', '%{VERSION}-%{RELEASE}\n', n)[1].split('\n'),
            'dataVersion': dv, 'format': (read(f'/var/lib/{n}/data/format') or '').strip() or None,
            'marker': marker, 'status': status, 'checkRc': q('upgrade-hook', 'check', n)[0],
            'stoppedUnits': read(f'/var/lib/upgrade-hook/{n}/stopped-units'),
            'historyBadLines': bad, 'stateParses': q('upgrade-hook', 'state', 'get', n, n, 'data_version')[0],
        }
    _, failed = q('systemctl', 'list-units', '--failed', '--plain', '--no-legend', '--no-pager')
    s['failedUnits'] = [line.split()[0] for line in failed.split('\n') if line.strip()]
    s['systemState'] = q('systemctl', 'is-system-running')[1]
    s['jobs'] = [line for line in q('systemctl', 'list-jobs', '--no-legend', '--no-pager')[1].split('\n') if line]
    with open(f'{OUT}/snap-{label}.json', 'w') as f:
        json.dump(s, f, indent=1)
    summary = ' '.join(f'{n}: pkg {",".join(x["packages"])} data {x["dataVersion"]} '
                       f'marker {(x["marker"] or {}).get("state", "none")}' for n, x in s['products'].items())
    down = [u for u in all_units() if s['units'][u]['active'] != 'active']
    say(f'  [{label}] {summary}; down: {" ".join(down) or "-"}{"; FAILED " + " ".join(s["failedUnits"]) if s["failedUnits"] else ""}')
    return s


# ---- faults and the admin, in threads alongside the upgrading command
def fault_record(rec):
    with open(f'{OUT}/faults.jsonl', 'a') as f:
        f.write(json.dumps({**rec, 'step': STEP, 't': round(now(), 3)}) + '\n')


def lock_holder():
    """(pid, command) of a live holder of a product lock of this case, or None."""
    for p in products():
        n = p['name']
        if not os.path.isdir(f'/run/lock/upgrade-hook/{n}.lock'):
            continue
        try:
            o = json.load(open(f'/run/lock/upgrade-hook/{n}.owner'))
            os.kill(o['pid'], 0)
            return o['pid'], o.get('command', '')
        except (OSError, ValueError, KeyError):
            continue
    return None


def wait_for_holder(done, limit=30):
    end = now() + limit
    while now() < end and not done.is_set():
        h = lock_holder()
        if h:
            return h
        time.sleep(0.02)
    return lock_holder()


def running_script():
    for p in products():
        try:
            script = json.load(open(f'/run/lock/upgrade-hook/{p["name"]}.phase')).get('script')
            if script:
                return script
        except (OSError, ValueError):
            pass
    return None


def kill_tool(after_ms, done):
    """SIGKILL of the lock holder alone (the OOM killer, kill -9), AFTER_MS after the upgrade began; an even
    AFTER_MS also waits (at most 20 s) until the holder publishes a running script: the moment a script
    outlives the tool."""
    time.sleep(after_ms / 1000)
    h = wait_for_holder(done)
    if h and after_ms % 2 == 0:
        end = now() + 20
        while now() < end and not done.is_set() and not running_script():
            time.sleep(0.01)
        h = lock_holder()
    if not h:
        fault_record({'fault': 'kill-tool', 'hit': False, 'why': 'no upgrade held the lock any more'})
        return
    pid, command = h
    script = running_script()
    try:
        os.kill(pid, signal.SIGKILL)
        fault_record({'fault': 'kill-tool', 'hit': True, 'pid': pid, 'command': command, 'script': script})
        say(f'  ! SIGKILL of the tool alone: pid {pid} ({command}){" while " + script + " ran" if script else ""}')
    except OSError as e:
        fault_record({'fault': 'kill-tool', 'hit': False, 'why': str(e)})


def power_cut(after_ms, done, case_index):
    time.sleep(after_ms / 1000)
    h = wait_for_holder(done)
    fault_record({'fault': 'power-cut', 'hit': bool(h), 'holder': h[1] if h else None})
    say(f'  ! power cut{" while " + h[1] + " held the lock" if h else " (the upgrade had ended)"}')
    write_json(PROGRESS, {'case': case_index, 'step': STEP, 'stage': 'powercut'})
    save_files()  # (this boot's journal dies with it)
    os.sync()
    open(f'{R}/POWERCUT', 'w').close()
    while True:
        time.sleep(60)


def admin(action, k, kind):
    """An admin's systemctl command at a random moment of the upgrade (kind admin: it must exit 0; during an
    upgrade that fails, a start refused by the gate is right: kind may-fail)."""
    time.sleep(action['afterMs'] / 1000)
    u = action['unit']
    if action['verb'] == 'stop-start':
        cmd(f'admin-{k}-stop', ['systemctl', 'stop', u], kind=kind, timeout=180)
        cmd(f'admin-{k}-start', ['systemctl', 'start', u], kind=kind, timeout=180)
        # (a stopped shared backend took the other product's apps down too: the admin starts every product)
        cmd(f'admin-{k}-start-targets', ['systemctl', 'start', *[p['target'] for p in products()]], kind=kind,
            timeout=180)
    else:
        cmd(f'admin-{k}-{action["verb"]}', ['systemctl', action['verb'], u], kind=kind, timeout=180)


def rpms(version):
    return [f'{p["dir"]}/RPMS/noarch/{p["name"]}-{version}-1.noarch.rpm' for p in products()]


def use_repos(version):
    os.makedirs('/etc/yum.repos.d', exist_ok=True)
    for p in products():
        with open(f'/etc/yum.repos.d/{p["name"]}.repo', 'w') as f:
            f.write(f'[{p["name"]}]\nname={p["name"]} {version}\nbaseurl=file://{p["dir"]}/repo-{version}\ngpgcheck=0\n')


def names():
    return [p['name'] for p in products()]


# ---- one step: the upgrade to V as the step says, with its fault and admin command
def upgrade_step(k, step, case_index):
    v = step['to']
    via = step['via']
    fault = step['fault']
    if fault['kind'] == 'fail-then-fix':
        for p in products():
            os.makedirs(f'/etc/{p["name"]}', exist_ok=True)
            open(f'/etc/{p["name"]}/fail-{v}', 'w').close()
    done = threading.Event()
    threads = []
    # a product still failed from an earlier step refuses its starts: an admin's start failing then is right
    failed_before = any(not up_to_date(p) for p in products())

    def during():
        if fault['kind'] == 'kill-tool':
            threads.append(threading.Thread(target=kill_tool, args=(fault['afterMs'], done), daemon=True))
        if fault['kind'] == 'power-cut':
            threads.append(threading.Thread(target=power_cut, args=(fault['afterMs'], done, case_index), daemon=True))
        if step.get('admin'):
            threads.append(threading.Thread(target=admin, daemon=True, args=(
                step['admin'], k, 'may-fail' if fault['kind'] == 'fail-then-fix' or failed_before else 'admin')))
        for t in threads:
            t.start()

    use_repos(v)
    if via == 'dnf':
        during()
        cmd(f'dnf-{v}', ['dnf', '-y', 'upgrade', *names()])
    elif via == 'rpm':
        during()
        cmd(f'rpm-{v}', ['rpm', '-U', '--force-debian', *rpms(v)])
    elif via == 'offline-restart':
        cmd(f'rpm-{v}-offline', ['rpm', '-U', '--force-debian', *rpms(v)], env={'SYSTEMD_OFFLINE': '1'})
        snap(f'deferred-{k}')
        during()
        # (an admin's concurrent stop of a unit cancels this restart's job: the admin's own doing, not judged)
        own = 'may-fail' if (step.get('admin') or {}).get('verb') == 'stop-start' else 'admin'
        for p in products():
            cmd(f'restart-{p["name"]}-{k}', ['systemctl', 'restart', p['target']], kind=own, timeout=240)
    elif via == 'offline-reboot':
        cmd(f'dnf-{v}-offline', ['dnf', '-y', 'upgrade', *names()], env={'SYSTEMD_OFFLINE': '1'})
        snap(f'deferred-{k}')
        write_json(PROGRESS, {'case': case_index, 'step': k, 'stage': 'reboot'})
        save_files()
        say('  (rebooting: the same tree boots again)')
        sys.exit(100)
    done.set()
    for t in threads:
        t.join(240)


def recover(k, step):
    """What the admin does after the step: after a fault, what `status` says (the rerun); a failing script
    fixed, then the command the message gave."""
    v = step['to']
    fault = step['fault']
    for p in products():
        pk = q('rpm', '-q', '--qf', '%{VERSION}\n', p['name'])[1].split('\n')
        if pk != [v]:
            say(f'  ({p["name"]}: packages {pk} after the fault; the admin installs {v} again)')
            cmd(f'reinstall-{p["name"]}-{k}', ['rpm', '-U', '--replacepkgs', '--replacefiles', '--force-debian',
                                              f'{p["dir"]}/RPMS/noarch/{p["name"]}-{v}-1.noarch.rpm'], kind='recover')
    if fault['kind'] == 'fail-then-fix':
        settle(f'failed-{k}')
        for p in products():
            cmd(f'status-failed-{p["name"]}-{k}', ['upgrade-hook', 'status', p['name']], kind='info')
            open(f'/etc/{p["name"]}/fixed-{v}', 'w').close()
    for p in products():
        if not up_to_date(p):
            cmd(f'rerun-{p["name"]}-{k}', ['upgrade-hook', 'run', p['name']], kind='recover')


def backup_holding(product, data_version):
    rc, out = q('upgrade-hook', 'backup', 'list', product, '--json')
    try:
        kept = [b for b in json.loads(out) if b.get('dataVersion') == data_version]
    except ValueError:
        return None
    return kept[-1]['name'] if rc == 0 and kept else None


def rollback():
    global STEP
    STEP = 9
    settle('before-rollback')
    for p in [x for x in products() if x['backup']]:
        # after a successful upgrade a rollback takes the backup the admin names (issue 19 item 8): the
        # newest one holding the data of 1.1, as `upgrade-hook backup list NAME` shows it
        name = backup_holding(p['name'], '1.1-1')
        cmd(f'rollback-{p["name"]}', ['upgrade-hook', 'rollback', p['name']] + ([name] if name else []),
            kind='recover')
        cmd(f'downgrade-{p["name"]}', ['rpm', '-U', '--oldpackage', '--force-debian', '--nodeps',
                                      f'{p["dir"]}/RPMS/noarch/{p["name"]}-1.1-1.noarch.rpm'], kind='recover')
        cmd(f'start-after-rollback-{p["name"]}', ['systemctl', 'start', p['target']], kind='recover')
    settle('after-rollback')


# ---- reset between cases: nothing of the last case's products is left
def reset():
    installed = [n for n in ('gpb', 'gpa') if q('rpm', '-q', n)[0] == 0]
    for n in ('gpb', 'gpa'):
        units = (read(f'/usr/share/{n}/units.list') or '').split()
        if units or n in installed:
            q('systemctl', 'stop', f'{n}.target', *units, f'upgrade-hook@{n}.service',
              f'upgrade-hook-finish@{n}.service', timeout=120)
            q('systemctl', 'disable', f'{n}.target', *[u for u in units if '@' in u or u.endswith(('.path', '.timer'))])
    if installed:
        q('rpm', '-e', '--nodeps', '--noscripts', '--notriggers', *installed, timeout=120)
    for n in ('gpa', 'gpb'):
        for path in [f'/var/lib/{n}', f'/var/log/{n}', f'/etc/{n}', f'/var/lib/upgrade-hook/{n}', f'/run/{n}',
                     f'/etc/yum.repos.d/{n}.repo', f'/usr/share/{n}',
                     *glob.glob(f'/run/lock/upgrade-hook/{n}.*'), *glob.glob(f'/etc/systemd/system/*/{n}*')]:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            elif os.path.lexists(path):
                os.unlink(path)
    q('systemctl', 'daemon-reload', timeout=60)
    q('systemctl', 'reset-failed', timeout=60)


def install_tools():
    if q('rpm', '-q', 'upgrade-hook')[0] == 0:
        return
    os.makedirs('/etc/dnf/vars', exist_ok=True)
    open('/etc/dnf/vars/releasever', 'w').write('12\n')
    t = BATCH['tools']
    rc = cmd('install-tools', ['dnf', '-y', 'install', t['hostProvides'], t['tool'], t['plugin'], t['triggers']],
             kind='setup')
    if rc != 0:
        sys.exit(f'could not install upgrade-hook (exit {rc})')


def start_case(i):
    global CASE, OUT, STEP
    CASE = BATCH['cases'][i]
    OUT = f'{R}/{CASE["id"]}'
    os.makedirs(OUT, exist_ok=True)
    STEP = 0


def save_files():
    for p in products():
        n = p['name']
        for src, dst in [(f'/var/lib/{n}/evidence.jsonl', f'evidence-{n}.jsonl'),
                         (f'/var/lib/{n}/starts.jsonl', f'starts-{n}.jsonl'),
                         (f'/var/lib/upgrade-hook/{n}/history.jsonl', f'history-{n}.jsonl'),
                         (f'/var/log/{n}/upgrade.log', f'upgrade-{n}.log')]:
            if os.path.exists(src):
                shutil.copy(src, f'{OUT}/{dst}')
    with open(f'{OUT}/journal.txt', 'a') as f:
        subprocess.run(['journalctl', '-b', '--no-pager', '-o', 'short-monotonic', '-u', 'gp*', '-u', 'upgrade-hook*'],
                       stdout=f, stderr=subprocess.DEVNULL)


def run_case(i, resume=None):
    global STEP
    start_case(i)
    steps = CASE['steps']
    first = 0
    if resume is None:
        say(f'\n== case {CASE["id"]} (seed {CASE["seed"]}): {CASE["shape"]}')
        reset()
        use_repos('1.0')
        cmd('install-1.0', ['dnf', '-y', 'install', *names()], kind='setup')
        for p in products():
            cmd(f'setup-{p["name"]}', [f'/usr/share/{p["name"]}/libexec/gen-setup', p['name']], kind='setup')
        for p in products():
            cmd(f'start-{p["name"]}', ['systemctl', 'start', p['target']], kind='setup', timeout=120)
        settle('installed')
    else:
        STEP = resume['step']
        say(f'\n== case {CASE["id"]} resumed after a {"reboot" if resume["stage"] == "reboot" else "power cut"} (step {STEP})')
        os.unlink(PROGRESS)
        with open(f'{OUT}/boots.jsonl', 'a') as f:
            f.write(json.dumps({'step': STEP, 'stage': resume['stage'], 't': round(now(), 3)}) + '\n')
        save_files()  # (the journal of the boot that ended is gone with it; keep this boot's from here)
        first = STEP
    for k in range(first, len(steps)):
        STEP = k
        step = steps[k]
        if resume is None or k > first:
            say(f'-- step {k}: to {step["to"]} by {step["via"]}, fault {step["fault"]["kind"]}'
                f'{", admin " + step["admin"]["verb"] + " " + step["admin"]["unit"] if step.get("admin") else ""}')
            settle(f'before-{k}')
            upgrade_step(k, step, i)
        settle(f'landed-{k}')
        recover(k, step)
        settle(f'after-{k}')
    if CASE.get('rollback'):
        rollback()
    save_files()
    with open(f'{OUT}/done', 'w') as f:
        f.write('ok\n')


def main():
    install_tools()
    resume = json.load(open(PROGRESS)) if os.path.exists(PROGRESS) else None
    start = 0
    if resume:
        run_case(resume['case'], resume)
        start = resume['case'] + 1
    else:
        done = [i for i, c in enumerate(BATCH['cases']) if os.path.exists(f'{R}/{c["id"]}/done')]
        start = max(done) + 1 if done else 0
    for i in range(start, len(BATCH['cases'])):
        run_case(i)
    say('\n(batch done)')


main()
