"""Arabic dates as the networks write them: the Levantine/Iraqi month with the
international one, day before month, in pages and in the admin."""

import datetime

from django.utils import translation
from django.utils.formats import date_format


def test_months_are_written_as_the_seeds_write_them():
    with translation.override("ar"):
        assert date_format(datetime.date(2015, 11, 1), "YEAR_MONTH_FORMAT") == (
            "تشرين الثاني/نوفمبر 2015")
        assert date_format(datetime.date(2019, 5, 2), "YEAR_MONTH_FORMAT") == "أيار/مايو 2019"
    with translation.override("en"):
        assert date_format(datetime.date(2015, 11, 1), "YEAR_MONTH_FORMAT") == "November 2015"


def test_date_and_time_read_day_month_year():
    moment = datetime.datetime(2026, 12, 3, 9, 47)
    with translation.override("ar"):
        assert date_format(moment, "DATETIME_FORMAT") == "3 كانون الأول/ديسمبر 2026، 09:47"
