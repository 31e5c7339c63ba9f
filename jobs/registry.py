"""The kinds of job: each app that enqueues work registers its kinds here (reports, imports).

A kind's ``run(job, progress)`` does the work in the worker, calls ``progress(percent, step)`` as it
goes (``step`` already in the job's language) and returns a :class:`Result`: a file, or the address
of a page that shows what it did (an import run). A ``ValidationError`` it raises is shown to the
person as it is; any other exception as a plain "it failed" (and logged).
"""
from dataclasses import dataclass

KINDS = {}


@dataclass(frozen=True)
class Result:
    name: str = ""
    content_type: str = ""
    data: bytes | None = None
    url: str = ""


@dataclass(frozen=True)
class Kind:
    key: str
    run: object


def register(key, run):
    """Register ``run`` as the worker's code for jobs of kind ``key`` (once per key)."""
    if key in KINDS and KINDS[key].run is not run:
        raise ValueError(f"job kind {key!r} registered twice")
    KINDS[key] = Kind(key, run)


def kind(key):
    try:
        return KINDS[key]
    except KeyError:
        raise LookupError(f"unknown job kind {key!r}") from None
