"""What the programs API's shapes share: bounded text fields, a named reference, topic lists."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema

from sinergi.registry.schemas import _max_length

Topics = Annotated[list[Annotated[str, Field(max_length=80)]], Field(max_length=50)]


def _text(model: type[Any], field: str, **extra: Any) -> Any:
    return Field(None, max_length=_max_length(model, field), **extra)


class NamedRef(Schema):
    id: int
    name: str
