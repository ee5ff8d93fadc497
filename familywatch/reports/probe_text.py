"""`familywatch probe` as text."""

from __future__ import annotations

from typing import Any


def render_probe(data: dict[str, Any]) -> str:
    lines = []
    for kind in ("camera", "microphone"):
        items = data[kind]
        lines.append(f"{kind.capitalize()}: " + ("in use" if items else "not in use"))
        for item in items:
            via = f" via {item['via']}" if item.get("via") else ""
            app = f" [{item['app']}]" if item["app"] else ""
            lines.append(f"  {item['device']}: {item['process']} (pid {item['pid']}, "
                         f"user {item['user'] or 'unknown'}){app}{via}")
    lines.append("Catalogued apps running: " + ("" if data["apps"] else "none"))
    for item in data["apps"]:
        lines.append(f"  {item['name']} ({item['category']}): {item['process']} "
                     f"pid {item['pid']}, user {item['user'] or 'unknown'}")
    if data["unreadable_processes"]:
        lines.append(f"Processes that could not be read (other users or hidepid): "
                     f"{data['unreadable_processes']}")
    lines.append("Detection backends:")
    for b in data["backends"]:
        lines.append(f"  {'ok  ' if b['ok'] else 'NO  '} {b['probe']:<11} {b['backend']:<12} "
                     f"{b['detail']}")
    for problem in data["catalogue_errors"]:
        lines.append(f"Catalogue problem: {problem}")
    return "\n".join(lines) + "\n"
