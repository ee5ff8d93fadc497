"""PySide6 without its source scan of every later import (importing this module does it).

PySide6 replaces `builtins.__import__` with a hook for its opt-in `from __feature__
import snake_case` switches. After each import statement the hook reads the whole
source of the imported module (inspect.getsource) to see whether it mentions PySide6,
and linecache keeps that text for the life of the process. The tray app imports the
store, the monitor and keyring after PySide6: about 600 files, some 17 MB of memory
that is never given back. FamilyWatch selects no `__feature__`, so the hook is put
back to the import function it wraps (PySide6's lazy loader of Qt classes stays).

app.py imports this module before anything that pulls in the store or the monitor.
"""

from __future__ import annotations

import builtins

import PySide6.QtCore  # noqa: F401  the hook is installed when PySide6 is first imported


def switch_off_feature_scan() -> bool:
    """Put back the import function PySide6's `__feature__` hook wraps; True if it was on.

    Does nothing when PySide6 has no such hook (a future version, or PyPy)."""
    hook = getattr(builtins, "__feature_import__", None)
    wrapped = getattr(builtins, "__orig_import__", None)
    if hook is None or wrapped is None or builtins.__import__ is not hook:
        return False
    builtins.__import__ = wrapped
    return True


switch_off_feature_scan()
