"""The month-end loss reserve of every group in a manager's scope, posted in the background (issues #13, #16).

A manager asks from the portfolio page (``request_month_end_provisions``); the worker
(``run_month_end_provisions``) posts ``loans.services.loan_provision_post`` group by group, each in
its own transaction, and skips a group whose reserve of that month already stands, so asking again
posts nothing twice. A group the service refuses (a later month already posted, a closed year) is
named with the reason and the others go on. The result is the list of what happened to each group,
shown on its own page (``month_end_result``).
"""
import datetime
import json

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.dates import month_end
from groups.selectors import groups_visible_to
from jobs.registry import Result, register
from jobs.services import job_request
from loans.quality_selectors import standing_provisions
from loans.services import loan_provision_post

MONTH_END_PROVISIONS = "reports.month_end_provisions"
POSTED, ALREADY, REFUSED = "posted", "already", "refused"


def request_month_end_provisions(*, month, actor):
    """Ask for the reserve at the end of ``month`` for every group ``actor`` sees; return the job.

    The caller has checked that ``actor`` may post reserves (a manager). One job a month while it
    waits or runs, whoever asks.
    """
    end = month_end(month)
    return job_request(kind=MONTH_END_PROVISIONS, scope_key=f"month:{end.isoformat()}",
                       params={"month": end.isoformat()},
                       title=_("Month-end loss reserve of every group, %(month)s") % {
                           "month": date_format(end, "F Y")}, actor=actor)


def run_month_end_provisions(job, progress):
    end = datetime.date.fromisoformat(job.params["month"])
    actor = job.requested_by
    progress(2, _("Reading the groups"))
    groups = list(groups_visible_to(actor).order_by("name", "pk"))
    standing = standing_provisions(groups, month=end)
    rows = []
    for n, group in enumerate(groups, start=1):
        progress(5 + 90 * n // max(len(groups), 1), _("Group %(n)s of %(total)s: %(name)s") % {
            "n": n, "total": len(groups), "name": group.name})
        row = {"group": group.pk, "name": group.name, "code": group.code}
        provision = standing.get(group.pk)
        if provision is not None:
            rows.append({**row, "outcome": ALREADY, "required": provision.required, "posted": provision.amount})
            continue
        try:
            provision = loan_provision_post(group=group, month=end, actor=actor)
        except ValidationError as exc:
            rows.append({**row, "outcome": REFUSED, "reason": " ".join(exc.messages)})
        else:
            rows.append({**row, "outcome": POSTED, "required": provision.required, "posted": provision.amount})
    summary = {"month": end.isoformat(), "groups": rows}
    return Result(name=_("loss-reserve") + f"-{end:%Y-%m}.json", content_type="application/json",
                  data=json.dumps(summary).encode(), url=reverse("reports:month_end_result", args=[job.pk]))


def read_summary(job):
    """Return the job's summary: {"month": date, "groups": [...]}, each group's outcome and figures."""
    summary = json.loads(bytes(job.result).decode())
    summary["month"] = datetime.date.fromisoformat(summary["month"])
    return summary


register(MONTH_END_PROVISIONS, run_month_end_provisions)
