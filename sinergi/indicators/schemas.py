from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


class IndicatorOut(Schema):
    code: str
    name_id: str
    name_en: str
    source: str
    unit: str
    decimals: int
    factor: int
    has_denominator: bool
    is_key: bool


class IndicatorValueOut(Schema):
    region_code: str
    region_name: str
    period: str
    numerator: int
    denominator: int | None
    value: Decimal | None
    computed_at: dt.datetime


class IndicatorTargetOut(Schema):
    roadmap: str
    goal: str
    indicator: str
    region_code: str
    year: int
    baseline_year: int
    baseline: Decimal
    target: Decimal
    actual: Decimal | None
    status: str
