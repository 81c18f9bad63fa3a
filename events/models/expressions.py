"""PostgreSQL range expressions the calendar's window queries are written in."""

from __future__ import annotations

from django.db import models


class DateRange(models.Func):
    """PostgreSQL's ``daterange(first, last, '[]')``: the days from first to last."""

    function = "daterange"
    template = "%(function)s(%(expressions)s, '[]')"
    output_field = models.Field()


class Overlaps(models.Func):
    """``a && b`` for two PostgreSQL ranges."""

    template = "%(expressions)s"
    arg_joiner = " && "
    output_field = models.BooleanField()
