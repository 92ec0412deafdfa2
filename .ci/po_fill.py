"""Fill msgstr entries of a .po catalogue from a JSON mapping {msgid: translation}.

For plural entries give a list [form0, ...]. Used by developers after `make messages`:
    .venv/bin/python .ci/po_fill.py locale/vi/LC_MESSAGES/django.po new.json
Prints the msgids still untranslated afterwards.
"""

from __future__ import annotations

import json
import sys

import polib


def main() -> int:
    path, mapping_path = sys.argv[1], sys.argv[2]
    with open(mapping_path, encoding="utf-8") as fh:
        mapping = json.load(fh)
    catalogue = polib.pofile(path, wrapwidth=100)
    for entry in catalogue:
        if entry.msgid in mapping:
            value = mapping[entry.msgid]
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value]
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    catalogue.save(path)
    missing = [
        e.msgid
        for e in catalogue
        if not e.obsolete
        and ("fuzzy" in e.flags or not (e.msgstr or any(e.msgstr_plural.values())))
    ]
    for msgid in missing:
        print("untranslated:", msgid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
