"""The Vietnamese catalogue stays complete: every translatable string in the sources has a
Vietnamese translation. makemessages runs on a scratch copy so the tree is left untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parents[2]
IGNORE = shutil.ignore_patterns(
    ".venv", ".git", ".pgdata", "staticfiles", "media", "test-artifacts", "__pycache__"
)


def _untranslated(po_path: Path) -> list[str]:
    catalogue = polib.pofile(str(po_path))
    return [
        entry.msgid
        for entry in catalogue
        if not entry.obsolete
        and (
            "fuzzy" in entry.flags
            or not (entry.msgstr or all(entry.msgstr_plural.values()) and entry.msgstr_plural)
        )
    ]


def test_every_source_string_has_a_vietnamese_translation(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(BASE_DIR, copy, ignore=IGNORE)
    env = {**os.environ, "DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    catalogues = sorted(copy.glob("**/locale/vi/LC_MESSAGES/django.po"))
    assert catalogues
    missing = {str(p.relative_to(copy)): _untranslated(p) for p in catalogues}
    missing = {path: ids for path, ids in missing.items() if ids}
    assert not missing, f"Untranslated strings (run `make messages`, then translate): {missing}"


def test_compiled_catalogues_are_up_to_date():
    for po_path in BASE_DIR.glob("**/locale/vi/LC_MESSAGES/django.po"):
        if ".venv" in po_path.parts:
            continue
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} missing: run `make messages`"
        compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo_path)) if e.msgid}
        source = {e.msgid: e.msgstr for e in polib.pofile(str(po_path)) if e.msgid and e.msgstr}
        assert source.items() <= compiled.items(), f"{mo_path} is stale: run `make messages`"
