"""The periods of the guide's reports: months, weeks (Monday to Sunday), half-years."""

import datetime

from buyer_space.space.choices import DataFileKind

MONTHLY = (DataFileKind.MONTHLY_INTERMEDIARY, DataFileKind.MONTHLY_WHOLESALE)


def period_containing(kind, day):
    """``(start, end)`` of the period of ``kind`` that contains ``day``."""
    if kind in MONTHLY:
        start = day.replace(day=1)
        following = (start + datetime.timedelta(days=32)).replace(day=1)
        return start, following - datetime.timedelta(days=1)
    if kind == DataFileKind.WEEKLY_INTERMEDIARY_BILLING:
        start = day - datetime.timedelta(days=day.weekday())
        return start, start + datetime.timedelta(days=6)
    if kind == DataFileKind.HALF_YEARLY_GAINS:
        if day.month <= 6:
            return datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
        return datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)
    raise ValueError(kind)


def previous_period(kind, day):
    """The last whole period of ``kind`` before ``day`` (what a run on ``day`` builds)."""
    start, _end = period_containing(kind, day)
    return period_containing(kind, start - datetime.timedelta(days=1))


def last_periods(kind, day, count):
    """The ``count`` whole periods before ``day``, newest first."""
    periods = []
    for _ in range(count):
        start, end = previous_period(kind, day)
        periods.append((start, end))
        day = start
    return periods
