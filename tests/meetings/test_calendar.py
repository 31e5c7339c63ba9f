import datetime

from meetings.calendar import expected_dates, next_expected, nth_weekday
from tests.factories import GroupFactory


def test_nth_weekday():
    assert nth_weekday(2024, 5, 2, 1) == datetime.date(2024, 5, 14)  # second Tuesday
    assert nth_weekday(2024, 5, 1, 2) == datetime.date(2024, 5, 1)  # May opens on a Wednesday
    assert nth_weekday(2024, 2, 4, 3) == datetime.date(2024, 2, 22)


def test_expected_dates_span_months_and_respect_bounds():
    dates = expected_dates(week=2, weekday=1, start=datetime.date(2024, 1, 10), end=datetime.date(2024, 4, 30))
    assert dates == [datetime.date(2024, 2, 13), datetime.date(2024, 3, 12), datetime.date(2024, 4, 9)]


def test_next_expected(db):
    group = GroupFactory(meeting_week=3, meeting_weekday=4)  # third Friday
    assert next_expected(group, on=datetime.date(2024, 5, 1)) == datetime.date(2024, 5, 17)
    assert next_expected(group, on=datetime.date(2024, 5, 17)) == datetime.date(2024, 5, 17)
    assert next_expected(group, on=datetime.date(2024, 12, 25)) == datetime.date(2025, 1, 17)
