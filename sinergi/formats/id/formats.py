"""Indonesian date formats of every page where a template prints a date without a format: "7 Des 2026" and
"7 Des 2026 18.26" (Django's own are "7 Des. 2026" and "7 Des. 2026, 18.26"). Input formats stay Django's."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H.i"
