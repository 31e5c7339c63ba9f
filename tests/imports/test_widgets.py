import datetime

import pytest

from groups.models import Group
from imports.widgets import ChoiceWidget, DateWidget, WholeNumberWidget, YesNoWidget


@pytest.mark.parametrize("text", ["2019-02-28", "28-02-2019", "28/02/2019", "28.02.2019",
                                  datetime.datetime(2019, 2, 28, 0, 0)])
def test_dates_in_every_way_the_books_write_them(text):
    assert DateWidget().clean(text) == datetime.date(2019, 2, 28)


def test_an_impossible_date_is_named_with_its_value():
    with pytest.raises(ValueError, match="'31-02-2019' bukan tanggal yang valid"):
        DateWidget().clean("31-02-2019")


def test_whole_numbers_refuse_text_and_negatives_and_accept_excel_floats():
    assert WholeNumberWidget().clean(15.0) == 15
    with pytest.raises(ValueError, match="'lima belas' bukan bilangan bulat"):
        WholeNumberWidget().clean("lima belas")
    with pytest.raises(ValueError, match="'-5' tidak boleh negatif"):
        WholeNumberWidget().clean("-5")


def test_yes_no_in_indonesian_and_english():
    assert YesNoWidget().clean("Ya") is True
    assert YesNoWidget().clean("no") is False
    with pytest.raises(ValueError, match="'mungkin'"):
        YesNoWidget().clean("mungkin")


def test_choices_by_key_or_label_in_either_language_and_rendered_in_indonesian():
    widget = ChoiceWidget(Group.Weekday.choices)
    assert widget.clean("Selasa") == widget.clean("tuesday") == widget.clean("1") == Group.Weekday.TUESDAY
    assert widget.render(Group.Weekday.TUESDAY) == "Selasa"
    with pytest.raises(ValueError, match="'Minggu ke-5'"):
        widget.clean("Minggu ke-5")
