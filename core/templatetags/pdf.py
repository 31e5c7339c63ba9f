"""Template filters for the PDFs' stylesheets; loaded as a builtin everywhere."""
import html

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def css_string(text):
    """Make ``text`` safe inside a double-quoted CSS string (a page header's ``content: "…"``).

    The text arrives HTML-escaped (a group named ``Mawar & Melati`` as ``Mawar &amp; Melati``), but a
    stylesheet decodes no entities: unescape it, then escape what would end the string or the
    ``<style>`` element.
    """
    text = html.unescape(str(text))
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ").replace("\r", " ")
    return mark_safe(text)  # noqa: S308  (escaped for CSS just above)
