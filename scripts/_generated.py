"""What the generators under ``scripts/`` share: write a rendered module, or check it.

A generated module is committed; ``--check`` exits 1 when the committed text differs
from what the generator renders now, so CI catches a hand edit or a stale source.
"""

from __future__ import annotations

from pathlib import Path


def write_or_check(target: Path, rendered: str, *, check: bool, stale: str = "stale") -> int:
    """Write ``rendered`` to ``target``, or with ``check`` compare; the exit status.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "m.py"
    >>> write_or_check(path, "x = 1\\n", check=True)  # doctest: +ELLIPSIS
    stale: ...m.py
    1
    >>> write_or_check(path, "x = 1\\n", check=False)  # doctest: +ELLIPSIS
    wrote ...m.py
    0
    >>> write_or_check(path, "x = 1\\n", check=True)
    up to date
    0
    """
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    if check:
        print("up to date" if current == rendered else f"{stale}: {target}")
        return 0 if current == rendered else 1
    target.write_text(rendered, encoding="utf-8")
    print(f"wrote {target}")
    return 0
