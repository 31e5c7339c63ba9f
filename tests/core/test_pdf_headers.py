"""A group's name prints as it is in the PDFs' page headers, whatever characters it holds."""
import io

import pytest
from django.template import Context, Template
from pypdf import PdfReader

from groups.models import Group
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
NAME = 'Mawar & Melati "Baru" </style>'


def test_css_string_unescapes_html_and_escapes_what_ends_the_string():
    rendered = Template('"{% filter css_string %}{{ name }}{% endfilter %}"').render(Context({"name": NAME}))
    assert rendered == '"Mawar & Melati \\"Baru\\" \\3c /style>"'


@pytest.mark.parametrize("kind", ["statement", "report"])
def test_the_header_prints_an_ampersand_and_quotes(login, users, group_a, kind):
    Group.objects.filter(pk=group_a.pk).update(name=NAME)  # a name as an import may bring it
    member = MemberFactory(group=group_a, full_name="Siti Aminah")
    url = (f"/reports/members/{member.pk}/statement/pdf/?start=2024-01-01&end=2024-06-30" if kind == "statement"
           else f"/reports/groups/{group_a.pk}/report/pdf/?start=2024-01-01&end=2024-06-30")
    response = login(users["manager"]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    first = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert 'Mawar & Melati "Baru"' in first
    assert "&amp;" not in first and "&quot;" not in first
