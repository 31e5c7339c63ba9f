"""Form helpers shared by the apps."""
from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError):
    """Show a service's ValidationError on the form: on fields where it names them, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
