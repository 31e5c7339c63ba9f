"""The RAT package of a book year (HTML, one PDF A4/F4, one XLSX) and the plain spreadsheets for
the government's cooperative systems (member register, RAT figures).

Every group is reached through ``get_group_for_user``: out of scope is a 404, and so is a year
that is not one of the group's ended book years.
"""
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.export import export_response, wants_export, workbook_response
from core.pdf import paper_from
from jobs.shortcuts import ask_page
from yearend.selectors import distribution_for, get_book_year_for_user

from .indicators.serialize import plain_values
from .jobs import request_rat_package
from .selectors.rat import member_register, rat_package


def rat_package_view(request, pk, year):
    """Show the RAT package of the year, or download it as one XLSX workbook."""
    group = get_book_year_for_user(request.user, pk, year)
    package = rat_package(group, year=year)
    if wants_export(request) == "xlsx":
        return workbook_response(sheets=_sheets(package), filename=_("rat") + f" {group.code} {year}")
    package["pdf_url"] = reverse("reports:rat_package_pdf", args=[pk, year])
    return render(request, "reports/rat_package.html", package)


def rat_package_pdf(request, pk, year):
    """Make the whole RAT package as one PDF (A4, or F4 with ``?paper=F4``) in the background.

    A POST asks for the job and shows its page; a GET (a bookmarked address) shows the button that asks.
    """
    group = get_book_year_for_user(request.user, pk, year)
    paper = paper_from(request)
    if request.method != "POST":
        return ask_page(request, title=_("RAT package %(year)s of %(group)s") % {"year": year, "group": group},
                        button=_("Make the PDF") + f" {paper}")
    return redirect(request_rat_package(group=group, year=year, paper=paper, actor=request.user))


def rat_members(request, pk, year):
    """Download the member register of the year (XLSX or CSV) for ODS / SIMKOPDES."""
    group = get_book_year_for_user(request.user, pk, year)
    fmt = wants_export(request)
    if not fmt:
        return redirect("reports:rat_package", pk=pk, year=year)
    try:
        distribution = distribution_for(group, year)
    except ValidationError:
        distribution = None  # the rules cannot share the SHU: the register still lists the members
    headers, rows = _register(group, year, distribution)
    return export_response(headers=headers, rows=rows, fmt=fmt, filename=_("member register") + f" {group.code} {year}")


def rat_figures(request, pk, year):
    """Download the RAT figures of the year (XLSX or CSV), one figure a row, for ODS / SIMKOPDES."""
    group = get_book_year_for_user(request.user, pk, year)
    fmt = wants_export(request)
    if not fmt:
        return redirect("reports:rat_package", pk=pk, year=year)
    headers, rows = _figures(rat_package(group, year=year))
    return export_response(headers=headers, rows=rows, fmt=fmt, filename=_("rat figures") + f" {group.code} {year}")


def _register(group, year, distribution):
    register = member_register(group, year=year, distribution=distribution)
    headers = [_("No."), _("Member code"), _("Full name"), _("NIK"), _("Date of birth"), _("Address"),
               _("Nagari / kelurahan"), _("Phone"), _("Joined on"), _("Left on"), _("Status"),
               _("Simpanan pokok"), _("Simpanan wajib"), _("Simpanan sukarela"), _("SHU share")]
    rows = [(i, r["member"].code, r["member"].full_name, r["member"].nik, r["member"].birth_date, r["member"].address,
             r["member"].village, r["member"].phone if r["member"].contact_consent else "", r["member"].joined_on,
             r["member"].exited_on, _("Active") if r["active"] else _("Left"), r["balances"]["pokok"],
             r["balances"]["wajib"], r["balances"]["sukarela"], r["shu"])
            for i, r in enumerate(register, start=1)]
    return headers, rows


def _figures(package):
    group, year, posted = package["group"], package["year"], package["posted"]
    beside, activity = package["beside"], package["figures"]["activity"]
    distribution = package["distribution"]
    pools = distribution.pools if distribution else {}
    rows = [
        (_("Group"), f"{group.code} {group.name}"), (_("Book year"), year),
        (_("Date of the RAT"), posted.decided_on if posted else ""),
        (_("Members at the start of the year"), activity["members_start"]),
        (_("Members who joined"), activity["members_in"]), (_("Members who left"), activity["members_out"]),
        (_("Members at the end of the year"), activity["members_end"]),
        (_("Meetings held"), activity["meetings_held"]), (_("Meetings expected"), activity["meetings_expected"]),
        (_("Total assets"), beside["totals"]["assets_total"][0]),
        (_("Total liabilities"), beside["totals"]["liabilities_total"][0]),
        (_("Total equity"), beside["totals"]["equity_total"][0]),
        (_("Total income"), beside["income_totals"]["income_total"][0]),
        (_("Total expenses"), beside["income_totals"]["expense_total"][0]),
        (_("Surplus (SHU)"), beside["income_totals"]["surplus"][0]),
        (_("Reserves (cadangan)"), pools.get("reserves", "")),
        (_("Other funds (education, social)"), pools.get("other_funds", "")),
        (_("Jasa anggota"), pools.get("jasa_anggota", "")), (_("Jasa modal"), pools.get("jasa_modal", "")),
        (_("Loans disbursed"), activity["loans_disbursed"]), (_("Value disbursed"), activity["disbursed_value"]),
        (_("Repayments received (principal + interest)"), activity["repaid"]),
    ]
    plain = plain_values(package["figures"]["values"])
    rows += [(str(row["indicator"].label), plain[row["indicator"].key])
             for section in package["figures"]["sections"] for row in section["rows"]]
    return [_("Item"), _("Value")], rows


def _sheets(package):
    beside = package["beside"]
    headers = [_("Code"), _("Account"), str(package["year"]), str(package["previous_year"])]

    def lines(items):
        return [(line["account"].code, line["account"].name, line["amount"], line["previous"]) for line in items]

    position = (lines(beside["assets"]) + lines(beside["liabilities"]) + lines(beside["equity"])
                + [("", _("SHU of the year not yet closed"), *beside["unclosed"])]
                + [("", _("Total assets"), *beside["totals"]["assets_total"]),
                   ("", _("Total liabilities and equity"), *beside["totals"]["liabilities_and_equity_total"])])
    income = (lines(beside["income"]) + lines(beside["expense"])
              + [("", _("Surplus (SHU)"), *beside["income_totals"]["surplus"])])
    equity = package["equity"]
    equity_rows = ([(_("Balance at 1 January"), *equity["opening"], equity["opening_total"])]
                   + [(row["label"], *row["values"], row["total"]) for row in equity["rows"]]
                   + [(_("Balance at 31 December"), *equity["closing"], equity["closing_total"])])
    sheets = [(_("Financial position"), headers, position), (_("Income statement of the year"), headers, income),
              (_("Changes in equity"), ["", *equity["columns"], _("Total")], equity_rows)]
    distribution = package["distribution"]
    if distribution is not None:
        sheets.append((_("SHU"), [_("Code"), _("Member"), _("Jasa modal"), _("Jasa anggota"), _("Share")],
                       [(s.member.code, s.member.full_name, s.jasa_modal, s.jasa_anggota, s.total)
                        for s in distribution.shares]))
    sheets.append((_("Year in figures"), *_figures(package)))
    sheets.append((_("Member register"), *_register(package["group"], package["year"], distribution)))
    return sheets
