"""Input types shared by every API schema.

``IsoDate``: the OpenAPI document says a date is a ``YYYY-MM-DD`` string, but pydantic's lax mode also takes a
number of seconds since 1970 (``0`` is 1 January 1970) or a datetime string cut to its day. A date input of the
API accepts only the ten characters the document promises (and a day that exists); anything else is a field
error. Responses are dates as before.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value  # built in code (a default, a response), not sent by a client
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value  # pydantic then checks the day exists (no 30 February)
    raise PydanticCustomError("date_parsing", "Enter a valid date as YYYY-MM-DD.")


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]
