import io
import shutil

import pytest
from django.core.management import call_command

from groups.models import Group
from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_bench_prints_medians_and_leaves_nothing_behind():
    out = io.StringIO()
    call_command("bench_meeting", members=10, runs=1, stdout=out)
    text = out.getvalue()
    assert "10 members" in text and "render sheet: median" in text and "submit sheet: median" in text
    assert not Group.objects.exists() and not Meeting.objects.exists()


@pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium (LKP_BROWSER=1 scripts/system-deps)")
def test_bench_takes_a_phone_screenshot(tmp_path):
    shot = tmp_path / "sheet.png"
    call_command("bench_meeting", members=4, runs=1, screenshot=str(shot), stdout=io.StringIO())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 360  # PNG width from the IHDR chunk
