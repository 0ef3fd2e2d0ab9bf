import datetime

import pytest

from ellw.dates import add_months, whole_months_between

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2021, 1, 10), D(2022, 1, 10), 12),  # exactly twelve months
        (D(2021, 1, 11), D(2022, 1, 10), 11),  # one day short
        (D(2021, 1, 31), D(2021, 2, 28), 1),  # end of month: 31 Jan + 1 month = 28 Feb
        (D(2021, 1, 31), D(2021, 2, 27), 0),
        (D(2020, 2, 29), D(2021, 2, 28), 12),  # leap day start
        (D(2020, 2, 29), D(2021, 2, 27), 11),
        (D(2019, 2, 28), D(2020, 2, 28), 12),  # into a leap year
        (D(2019, 3, 1), D(2020, 2, 29), 11),
        (D(2021, 6, 30), D(2022, 6, 30), 12),
        (D(2022, 1, 10), D(2022, 1, 10), 0),
        (D(2023, 1, 10), D(2022, 1, 10), 0),  # starts after: no experience
    ],
)
def test_whole_months_between(start, end, months):
    assert whole_months_between(start, end) == months


def test_add_months_clamps_to_the_last_day():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 12, 31), 2) == D(2024, 2, 29)
