#!/usr/bin/env python3
"""Git merge driver for gettext catalogues: the union of both sides' entries, by (context, msgid).

Branches that each add strings to an app's catalogue conflict on every hunk (and on the header
date `make messages` rewrites), though the entries themselves never clash. This keeps our header,
every entry of ours, and adds theirs that we lack; for an entry both have, a translation wins over
none and ours wins over theirs. A later `make messages` marks entries no longer in the code obsolete.

Enable once per clone (the attribute is committed in .gitattributes):
    git config merge.pofile.name "gettext catalogue union"
    git config merge.pofile.driver ".venv/bin/python scripts/po_merge.py %O %A %B"
"""
import sys

import polib


def key(entry):
    return (entry.msgctxt, entry.msgid)


def merge(ours_path, theirs_path):
    ours = polib.pofile(ours_path, wrapwidth=79)
    theirs = polib.pofile(theirs_path, wrapwidth=79)
    by_key = {key(e): e for e in ours}
    for entry in theirs:
        mine = by_key.get(key(entry))
        if mine is None:
            ours.append(entry)
            by_key[key(entry)] = entry
        elif (not mine.translated() or mine.obsolete) and entry.translated() and not entry.obsolete:
            mine.msgstr, mine.msgstr_plural = entry.msgstr, entry.msgstr_plural
            mine.flags = [f for f in mine.flags if f != "fuzzy"]
            mine.obsolete = False
    ours.save(ours_path)


if __name__ == "__main__":
    _base, ours_path, theirs_path = sys.argv[1:4]
    merge(ours_path, theirs_path)
