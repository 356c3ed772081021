"""English pages print dates the same way as Indonesian ones ("7 Dec 2026"), day first."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
