"""Path converters for the calendar's dated URLs (/2013/09/)."""


class YearConverter:
    """Four digits, 0001–9999: the years ``datetime.date`` can hold."""

    regex = r"[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if year < 1:
            raise ValueError(value)
        return year

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"


class MonthConverter:
    regex = r"0[1-9]|1[0-2]"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):02d}"
