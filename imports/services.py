"""Writes for imports: check a file by a dry run, then import it in one transaction or not at all."""
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.results import RowResult

from audit.services import audit_record

from .models import ImportRun
from .reading import read_sheet
from .resources import RESOURCES, column_phrase


def _row_problems(resource, sheet, result):
    """Return every problem the import found as (row, "Row N: ...") in the person's language."""
    problems = [(0, _("The file could not be imported: %(error)s") % {"error": e.error}) for e in result.base_errors]
    for number, errors in result.row_errors():
        row = sheet.row_numbers[number - 1]
        problems.extend((row, _("Row %(row)s: %(problem)s") % {"row": row, "problem": e.error}) for e in errors)
    for invalid in result.invalid_rows:
        row = sheet.row_numbers[invalid.number - 1]
        error = invalid.error
        by_field = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.error_list}
        for attribute, errors in by_field.items():
            column = resource.column_for(attribute) if attribute != NON_FIELD_ERRORS else None
            for error in errors:
                text = error.message % error.params if error.params else error.message
                if error.code != "cell" and column:
                    text = f"{column_phrase(column)}: {text}"
                problems.append((row, _("Row %(row)s: %(problem)s") % {"row": row, "problem": text}))
    return problems


def _preview(resource, sheet, result):
    """Return what the import creates or changes, row by row, with the changed columns."""
    preview = []
    for number, row_result in zip(sheet.row_numbers, result.rows, strict=True):
        if row_result.import_type == RowResult.IMPORT_TYPE_NEW:
            preview.append({"row": number, "type": "new", "object": row_result.object_repr, "changes": []})
        elif row_result.import_type == RowResult.IMPORT_TYPE_UPDATE:
            changes = []
            for field in resource.get_import_fields():
                if field.column_name not in sheet.dataset.headers:
                    continue
                before, after = field.export(row_result.original), field.export(row_result.instance)
                if before != after:
                    changes.append({"column": field.column_name, "before": before, "after": after})
            preview.append({"row": number, "type": "update", "object": row_result.object_repr, "changes": changes})
    return preview


def _import(*, kind, run_file_name, content, actor, dry_run):
    """Run the import of one file; roll back everything unless it is real and without problems."""
    resource_class = RESOURCES[kind]
    sheet = read_sheet(content, run_file_name, resource_class)
    if sheet.dataset is None:
        return sheet.problems, {}, []
    resource = resource_class(actor=actor, row_numbers=sheet.row_numbers)
    with transaction.atomic():
        result = resource.import_data(sheet.dataset, dry_run=dry_run, use_transactions=True,
                                      rollback_on_validation_errors=True)
        found = sorted(sheet.row_problems + _row_problems(resource, sheet, result), key=lambda p: p[0])
        problems = [text for _row, text in found]
        if problems or dry_run:
            transaction.set_rollback(True)
    totals = {"rows": len(sheet.dataset), "new": result.totals[RowResult.IMPORT_TYPE_NEW],
              "changed": result.totals[RowResult.IMPORT_TYPE_UPDATE],
              "unchanged": result.totals[RowResult.IMPORT_TYPE_SKIP],
              "invalid": len({*(n for n, _e in result.row_errors()), *(r.number for r in result.invalid_rows)})}
    return problems, totals, _preview(resource, sheet, result)


@transaction.atomic
def import_check(*, kind, file_name, content, actor):
    """Dry-run ``content`` as a file of ``kind`` and record the run: previewed, or rejected with its problems.

    Nothing but the run itself is written.
    """
    if kind not in RESOURCES:
        raise ValidationError(_("Choose what the file contains."), code="unknown_kind")
    problems, totals, preview = _import(kind=kind, run_file_name=file_name, content=content, actor=actor,
                                        dry_run=True)
    status = ImportRun.Status.REJECTED if problems else ImportRun.Status.PREVIEWED
    return ImportRun.objects.create(kind=kind, file_name=file_name[:255], content=content, created_by=actor,
                                    status=status, problems=problems, preview=preview, **totals)


@transaction.atomic
def import_confirm(*, run, actor):
    """Import the previewed file of ``run`` for real, all rows in one transaction, and mark it imported.

    If the data changed since the preview and the file now has problems, nothing is imported and
    the problems are raised.
    """
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ImportRun.Status.PREVIEWED:
        raise ValidationError(_("Only a checked file without problems can be imported, and only once."),
                              code="not_previewed")
    problems, totals, preview = _import(kind=run.kind, run_file_name=run.file_name, content=bytes(run.content),
                                        actor=actor, dry_run=False)
    if problems:
        raise ValidationError(problems, code="problems_now")
    for name, value in totals.items():
        setattr(run, name, value)
    run.preview = preview
    run.status = ImportRun.Status.IMPORTED
    run.imported_at = timezone.now()
    run.save()
    audit_record(actor=actor, action="imports.import", obj=run, data={"kind": run.kind, "file": run.file_name,
                                                                        **totals})
    return run
