"""Swedish as written in Finland: dates in forms (the admin's date pickers) as 8.12.2026, like
Finnish; ISO dates are accepted too. Everything else comes from Django's `sv`."""

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"]
