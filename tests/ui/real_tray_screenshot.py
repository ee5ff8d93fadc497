"""The real tray app in a real system tray: Xvfb + trayer, a stand-in camera held by a
process named like Zoom, then the icon with its tooltip and with its menu open.

    python -m tests.ui.real_tray_screenshot [FOLDER]

Writes tray-real.png (the icon and its tooltip) and tray-real-menu.png (right-click) to
FOLDER (default docs/screenshots/). Needs Xvfb, trayer, ImageMagick's `import` and
libXtst (the pointer is moved and clicked with the X test extension, as a person would).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FOLDER = ROOT / "docs" / "screenshots"
SCREEN = (800, 480)
PANEL_HEIGHT = 32
DESKTOP = "#4A6274"  # a plain desktop colour behind the panel
PANEL = "0xEDEDED"
TOOLTIP_CROP = (270, 84)  # the top right corner: the panel, the icon and its tooltip
MENU_CROP = (190, 200)  # ... the icon and its menu
NEEDED = ("Xvfb", "trayer", "import", "convert")


def missing_tools() -> list[str]:
    return [tool for tool in NEEDED if shutil.which(tool) is None]


class Pointer:
    """Moves and clicks the X pointer through the XTest extension (libXtst)."""

    def __init__(self, display: str) -> None:
        self.x11 = ctypes.CDLL("libX11.so.6")
        self.xtst = ctypes.CDLL("libXtst.so.6")
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                                   ctypes.c_int, ctypes.c_ulong]
        self.xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint,
                                                   ctypes.c_int, ctypes.c_ulong]
        self.display = self.x11.XOpenDisplay(display.encode())
        if not self.display:
            raise RuntimeError(f"cannot open X display {display}")

    def move(self, x: int, y: int) -> None:
        self.xtst.XTestFakeMotionEvent(self.display, -1, x, y, 0)
        self.x11.XFlush(self.display)

    def click(self, button: int) -> None:
        for pressed in (1, 0):
            self.xtst.XTestFakeButtonEvent(self.display, button, pressed, 0)
            self.x11.XFlush(self.display)
            time.sleep(0.05)

    def close(self) -> None:
        self.x11.XCloseDisplay(self.display)


@contextmanager
def running(command: list[str], **options: object) -> Iterator[subprocess.Popen[str]]:
    """A process that is stopped (SIGTERM, then SIGKILL) when the block ends."""
    process = subprocess.Popen(command, **options)  # type: ignore[call-overload]
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def start_display(stack: ExitStack) -> str:
    """Xvfb on the first free display number (Xvfb picks it and tells us through a pipe)."""
    read_end, write_end = os.pipe()
    stack.enter_context(running(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
         "-nolisten", "tcp"], pass_fds=(write_end,), stderr=subprocess.DEVNULL))
    os.close(write_end)
    with os.fdopen(read_end) as told:
        number = told.readline().strip()
    if not number:
        raise RuntimeError("Xvfb did not start")
    return f":{number}"


def wait_for_line(app: subprocess.Popen[str], needles: tuple[str, ...], timeout: float) -> str:
    assert app.stderr is not None
    deadline = time.monotonic() + timeout
    for line in app.stderr:
        if any(needle in line for needle in needles):
            return line
        if time.monotonic() > deadline:
            break
    raise RuntimeError(f"the tray app did not say any of {needles}")


def grab(display: str, path: Path, crop: tuple[int, int]) -> Path:
    """The top right corner of the screen. Xvfb never paints the root window's background
    (xsetroot has no effect there), so the empty desktop is filled with DESKTOP from the
    bottom left corner; the panel, icon, tooltip and menu are as the X server has them."""
    width, height = crop
    subprocess.run(["import", "-display", display, "-window", "root", "-crop",
                    f"{width}x{height}+{SCREEN[0] - width}+0", "+repage", str(path)],
                   check=True)
    subprocess.run(["convert", str(path), "-fill", DESKTOP, "-draw",
                    f"color 0,{height - 1} floodfill", str(path)], check=True)
    return path


def real_tray_screenshots(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        display = start_display(stack)
        env = {**os.environ, "DISPLAY": display}
        env.pop("QT_QPA_PLATFORM", None)  # the real xcb platform, not offscreen
        stack.enter_context(running(
            ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
             "--height", str(PANEL_HEIGHT), "--tint", PANEL, "--transparent", "true",
             "--alpha", "0", "--SetDockType", "true"], env=env, stderr=subprocess.DEVNULL))
        camera = scratch / "video0"
        camera.write_bytes(b"")
        zoom = scratch / "zoom"  # a process named like a catalogued app holds the camera
        shutil.copy(shutil.which("sleep") or "/bin/sleep", zoom)
        with camera.open("rb") as held:
            stack.enter_context(running([str(zoom), "600"], stdin=held))
        data = scratch / "data"
        data.mkdir()
        (data / "first-run-done").write_text("1\n")  # the tray, not the first-run wizard
        env.update(FAMILYWATCH_DATA_DIR=str(data), FAMILYWATCH_VIDEO_DEVICES=str(camera),
                   FAMILYWATCH_AUDIO_DEVICES=str(scratch / "no-microphone*"))
        app = stack.enter_context(running(
            [sys.executable, "-m", "familywatch", "-v"], env=env, stderr=subprocess.PIPE,
            text=True))
        line = wait_for_line(app, ("tray icon shown", "status window shown"), timeout=60)
        if "status window" in line:
            raise RuntimeError("Qt found no system tray on the Xvfb display (is trayer running?)")
        time.sleep(3.0)  # the camera session is recorded and the icon has changed
        pointer = Pointer(display)
        stack.callback(pointer.close)
        icon = (SCREEN[0] - PANEL_HEIGHT // 2, PANEL_HEIGHT // 2)  # trayer's right-most slot
        pointer.move(*icon)
        time.sleep(2.0)  # Qt shows a tooltip after the pointer rests ~0.7 s
        written = [grab(display, folder / "tray-real.png", TOOLTIP_CROP)]
        pointer.click(3)
        time.sleep(1.5)
        written.append(grab(display, folder / "tray-real-menu.png", MENU_CROP))
        return written


if __name__ == "__main__":
    if missing_tools():
        sys.exit(f"real_tray_screenshot: needs {', '.join(missing_tools())}")
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER
    for path in real_tray_screenshots(target):
        print(path)
