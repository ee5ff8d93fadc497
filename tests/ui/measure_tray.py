"""Start the real tray app under Xvfb + trayer; measure cold start and idle RSS; screenshot.

    python -m tests.ui.measure_tray [SECONDS_IDLE] [PNG]

Needs Xvfb, trayer and ImageMagick's `import`. Cold start: from launching `familywatch -v`
until it logs "tray icon shown". RSS: psutil, after SECONDS_IDLE (default 60) idle.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
DISPLAY = ":91"


def main(idle: float, png: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1280x720x24"],
                                stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        env = {**os.environ, "DISPLAY": DISPLAY}
        env.pop("QT_QPA_PLATFORM", None)
        trayer = subprocess.Popen(["trayer", "--edge", "top", "--align", "right",
                                   "--widthtype", "request", "--height", "32",
                                   "--tint", "0xEDEDED", "--transparent", "true",
                                   "--alpha", "0"], env=env, stderr=subprocess.DEVNULL)
        camera = tmp / "video0"
        camera.write_bytes(b"")
        holder = subprocess.Popen([sys.executable, "-c",
                                   f"f=open({str(camera)!r},'rb');import time;time.sleep(3600)"])
        data = tmp / "data"
        data.mkdir()
        (data / "first-run-done").write_text("1\n")  # the tray, not the wizard
        env.update(FAMILYWATCH_DATA_DIR=str(data), FAMILYWATCH_VIDEO_DEVICES=str(camera),
                   FAMILYWATCH_AUDIO_DEVICES=str(tmp / "no-mic*"))
        time.sleep(1.0)
        started = time.monotonic()
        app = subprocess.Popen([str(ROOT / ".venv/bin/familywatch"), "-v"], env=env,
                               stderr=subprocess.PIPE, text=True)
        assert app.stderr is not None
        cold = None
        for line in app.stderr:
            if "tray icon shown" in line or "status window shown" in line:
                cold = time.monotonic() - started
                print(f"cold start: {cold:.2f} s ({line.strip()})", flush=True)
                break
        time.sleep(idle)
        rss = psutil.Process(app.pid).memory_info().rss / 2**20
        print(f"RSS after {idle:.0f} s idle: {rss:.1f} MiB", flush=True)
        subprocess.run(["import", "-display", DISPLAY, "-window", "root",
                        "-crop", "420x140+860+0", str(png)], check=True)
        print(f"screenshot: {png}")
        for proc in (app, holder, trayer, xvfb):
            proc.terminate()
            proc.wait(timeout=15)


if __name__ == "__main__":
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs/screenshots/tray-real.png"
    main(seconds, target)
