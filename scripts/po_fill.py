#!/usr/bin/env python
"""Fill empty Indonesian msgstr entries in every catalogue from a TSV on stdin.

Each line: ``English msgid<TAB>Indonesian`` (plural forms: ``msgid<TAB>singular|plural`` — Indonesian
has one form, so the singular is used for both). Existing translations are kept unless --force.
Usage: scripts/po_fill.py [--force] < terms.tsv ; prints msgids still untranslated.
"""
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main():
    force = "--force" in sys.argv
    terms = {}
    for line in sys.stdin.read().splitlines():
        if "\t" in line and not line.startswith("#"):
            en, idn = line.split("\t", 1)
            terms[en] = idn
    missing = set()
    for path in sorted(ROOT.glob("**/locale/id/LC_MESSAGES/django.po")):
        if ".venv" in path.parts:
            continue
        po = polib.pofile(str(path))
        for entry in po:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.msgstr = ""
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "") if entry.msgid_plural else {}
            if entry.msgid_plural:
                if (force or not entry.msgstr_plural.get(0)) and entry.msgid in terms:
                    entry.msgstr_plural = {0: terms[entry.msgid].split("|")[0]}
                if not entry.msgstr_plural.get(0):
                    missing.add(entry.msgid)
            else:
                if (force or not entry.msgstr) and entry.msgid in terms:
                    entry.msgstr = terms[entry.msgid]
                if not entry.msgstr:
                    missing.add(entry.msgid)
        po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        po.metadata["Language"] = "id"
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.save()
    for msgid in sorted(missing):
        print(msgid)


if __name__ == "__main__":
    main()
