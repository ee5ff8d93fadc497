"""Start the real tray app under Xvfb + trayer; measure cold start and idle RSS; screenshot.

    python -m tests.ui.measure_tray [SECONDS_IDLE] [PNG] [--runs N] [--existing-db]
                                    [--breakdown] [--no-screenshot]

Needs Xvfb, trayer and ImageMagick's `import`. Cold start: from launching `familywatch -v`
until it logs "tray icon shown". RSS: psutil, after SECONDS_IDLE (default 60) idle.
Each run starts with a new data folder: a first start, so Alembic creates the database.
--existing-db creates it beforehand (`familywatch report`), as on every later start.
--breakdown runs the app through run_app_with_steps, which also notes the RSS after each
step of the start; --runs N repeats it all and prints the median and the spread.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAMILYWATCH = ROOT / ".venv/bin/familywatch"


@contextmanager
def display_with_tray() -> Iterator[dict[str, str]]:
    """A new Xvfb on a free display number (other runs may be going) with trayer on it."""
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0",
                             "1280x720x24"], pass_fds=(write_end,), stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as chosen:
        display = ":" + chosen.readline().strip()
    env = {**os.environ, "DISPLAY": display}
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("WAYLAND_DISPLAY", None)
    trayer = subprocess.Popen(["trayer", "--edge", "top", "--align", "right",
                               "--widthtype", "request", "--height", "32",
                               "--tint", "0xEDEDED", "--transparent", "true",
                               "--alpha", "0"], env=env, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    try:
        yield env
    finally:
        for proc in (trayer, xvfb):
            proc.terminate()
            proc.wait(timeout=15)


def app_environment(env: dict[str, str], tmp: Path, *, existing_db: bool) -> dict[str, str]:
    """A new data folder (past the first-run wizard) and a stand-in camera in `tmp`."""
    data = tmp / "data"
    data.mkdir()
    (data / "first-run-done").write_text("1\n")  # the tray, not the wizard
    env = {**env, "FAMILYWATCH_DATA_DIR": str(data),
           "FAMILYWATCH_VIDEO_DEVICES": str(tmp / "video0"),
           "FAMILYWATCH_AUDIO_DEVICES": str(tmp / "no-mic*")}
    if existing_db:
        subprocess.run([str(FAMILYWATCH), "report"], env=env, check=True,
                       stdout=subprocess.DEVNULL, timeout=120)
    return env


def seconds_until_shown(app: subprocess.Popen[str], started: float) -> float:
    """Reads the app's log (to the end, in a thread: a chatty log never blocks the app)."""
    shown = threading.Event()
    cold: list[float] = []

    def read_log() -> None:
        assert app.stderr is not None
        for line in app.stderr:
            if not shown.is_set() and ("tray icon shown" in line
                                       or "status window shown" in line):
                cold.append(time.monotonic() - started)
                shown.set()

    threading.Thread(target=read_log, daemon=True).start()
    if not shown.wait(timeout=120):
        raise SystemExit("the tray app did not show its icon within 120 s")
    return cold[0]


def run_once(env: dict[str, str], idle: float, png: Path | None, *, existing_db: bool,
             breakdown: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        camera = tmp / "video0"
        camera.write_bytes(b"")
        env = app_environment(env, tmp, existing_db=existing_db)
        steps_file = tmp / "steps.json"
        command = [str(FAMILYWATCH), "-v"]
        if breakdown:
            command = [sys.executable, "-m", "tests.ui.measure_tray", "--steps-child",
                       str(steps_file), "--idle", str(idle)]
        holder = subprocess.Popen([sys.executable, "-c",
                                   f"f=open({str(camera)!r},'rb');import time;time.sleep(3600)"])
        time.sleep(1.0)
        started = time.monotonic()
        app = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)
        try:
            cold = seconds_until_shown(app, started)
            time.sleep(idle)
            import psutil  # here, not at the top: the --steps-child app imports this module

            rss = psutil.Process(app.pid).memory_info().rss / 2**20
            if png is not None:
                subprocess.run(["import", "-display", env["DISPLAY"], "-window", "root",
                                "-crop", "420x140+860+0", str(png)], check=True)
            while breakdown and not steps_file.exists() and app.poll() is None:
                time.sleep(0.2)
        finally:
            for proc in (app, holder):
                proc.terminate()
                proc.wait(timeout=15)
        steps = json.loads(steps_file.read_text()) if breakdown else []
        return {"cold": cold, "rss": rss, "steps": steps}


IMPORT_STEPS = (
    ("+ SQLAlchemy and the store modules", ("familywatch.store.repository",)),
    ("+ the monitor: APScheduler, psutil, probes, keyring package",
     ("familywatch.monitor.parent", "familywatch.monitor.runtime", "familywatch.probes.linux")),
    ("+ PySide6 QtCore, QtGui, QtWidgets imported",
     ("PySide6.QtWidgets", "familywatch.ui.qt_import_hook")),
    ("+ the tray's UI modules (the Qt classes they use are loaded)",
     ("familywatch.ui.notify", "familywatch.ui.tray")),
    ("+ QtNetwork (single-instance server)", ("familywatch.ui.single_instance",)),
    ("+ the parent UI modules (settings window, first run, PIN dialog)",
     ("familywatch.ui.parent.hooks",)),
)
KEYRING_AFTER = 2  # the keyring backends are looked for after the monitor's imports


def rss_now() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))


def run_app_with_steps(out: Path, idle: float) -> None:
    """The tray app as `familywatch -v` runs it, noting the RSS after each step of its start.

    The imports are taken layer by layer first (the app then finds them loaded); the rest
    is noted around the app's own functions. Writes [[step, MiB], ...] to `out`."""
    steps: list[tuple[str, float]] = [("Python 3.11 interpreter", rss_now())]

    def note(step: str) -> None:
        steps.append((step, rss_now()))

    from familywatch import cli
    note("+ familywatch.cli (argparse, config, platformdirs)")
    # Layer by layer; qt_import_hook right after PySide6, as app.py imports it.
    for number, (step, modules) in enumerate(IMPORT_STEPS):
        if number == KEYRING_AFTER:
            from keyring.backend import get_all_keyring

            get_all_keyring()  # as the first read of the PIN or the integrity key does
            note("+ keyring backends found (secretstorage, jeepney, cryptography)")
        for name in modules:
            importlib.import_module(name)
        note(step)
    from familywatch.ui import app, launch
    note("+ familywatch.ui.app and the rest it imports")

    def around(owner: object, name: str, before: str | None, after: str) -> None:
        function = getattr(owner, name)

        def noted(*args: object, **kwargs: object) -> object:
            if before is not None:
                note(before)
            result = function(*args, **kwargs)
            if after:
                note(after)
            return result

        setattr(owner, name, noted)

    around(cli, "_open_store", None,
           "+ probes created, database opened (Alembic only when it migrates)")
    around(launch, "run_tray_app", "+ probes, monitor, records, parent controls built", "")
    around(app.TrayApp, "__init__", "+ QApplication on X11, window icon, single-instance check",
           "+ TrayApp built: tray icon, menu, notifier, parent UI")
    around(app.TrayApp, "start", None, "+ TrayApp.start: monitor running, tray icon shown")

    def after_idle() -> None:
        time.sleep(idle - 0.5)
        note(f"+ {idle:.0f} s idle")
        out.write_text(json.dumps(steps))

    threading.Thread(target=after_idle, daemon=True).start()
    sys.exit(cli.main(["-v"]))


def print_summary(runs: list[dict[str, object]]) -> None:
    import statistics

    for key, unit in (("cold", "s"), ("rss", "MiB")):
        values = sorted(float(run[key]) for run in runs)  # type: ignore[arg-type]
        print(f"{key}: median {statistics.median(values):.2f} {unit}, "
              f"min {values[0]:.2f}, max {values[-1]:.2f} ({len(values)} runs)")


def print_steps(runs: list[dict[str, object]]) -> None:
    """Median RSS after each step over the runs, and what each step added."""
    import statistics

    labels = [label for label, _ in runs[0]["steps"]]  # type: ignore[attr-defined]
    previous = 0.0
    print(f"{'RSS MiB':>8} {'added':>6}  step")
    for index, label in enumerate(labels):
        value = statistics.median(run["steps"][index][1] for run in runs)  # type: ignore[index]
        print(f"{value:8.1f} {value - previous:+6.1f}  {label}")
        previous = value


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.ui.measure_tray")
    parser.add_argument("idle", nargs="?", type=float, default=60.0)
    # Not docs/screenshots/tray-real.png: that picture (icon and tooltip) is made by
    # tests/ui/real_tray_screenshot.py; this is only a crop of the panel, to check by eye.
    parser.add_argument("png", nargs="?", type=Path,
                        default=Path(tempfile.gettempdir()) / "familywatch-tray-measured.png")
    parser.add_argument("--idle", dest="idle_option", type=float)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--existing-db", action="store_true")
    parser.add_argument("--breakdown", action="store_true")
    parser.add_argument("--no-screenshot", action="store_true")
    parser.add_argument("--steps-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    idle = args.idle_option if args.idle_option is not None else args.idle
    if args.steps_child is not None:
        run_app_with_steps(args.steps_child, idle)
        return
    runs = []
    with display_with_tray() as env:
        for number in range(1, args.runs + 1):
            png = None if args.no_screenshot or number < args.runs else args.png
            run = run_once(env, idle, png, existing_db=args.existing_db,
                           breakdown=args.breakdown)
            print(f"run {number}: cold start {run['cold']:.2f} s, "
                  f"RSS after {idle:.0f} s idle {run['rss']:.1f} MiB", flush=True)
            runs.append(run)
    if png is not None:
        print(f"screenshot: {png}")
    print_summary(runs)
    if args.breakdown:
        print_steps(runs)


if __name__ == "__main__":
    main(sys.argv[1:])
