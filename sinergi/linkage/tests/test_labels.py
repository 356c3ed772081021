"""Every comparison and level the review page can show has a label an officer can read."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from sinergi.linkage.labels import field_label, known, level_label
from sinergi.linkage.model import default_model, untrained_model
from sinergi.linkage.selectors import evidence_rows


def _levels(model: dict[str, Any]) -> list[tuple[str, str]]:
    settings = model.get("settings", model)
    return [
        (c["output_column_name"], level["label_for_charts"])
        for c in settings["comparisons"]
        for level in c["comparison_levels"]
    ]


@pytest.mark.parametrize("kind", ["person", "business"])
def test_every_level_of_the_shipped_and_untrained_models_has_a_label(kind):
    pairs = _levels(default_model(kind)) + _levels(untrained_model(kind))
    assert pairs
    unlabelled = sorted({p for p in pairs if not known(field=p[0], level=p[1])})
    assert unlabelled == []


def test_labels_are_in_indonesian_and_english():
    with translation.override("id"):
        assert field_label("dob") == "Tanggal lahir"
        assert level_label("one typo or transposition") == "satu angka salah atau dua tertukar"
        assert level_label("same phone, NIKs differ") == "telepon sama, tetapi NIK berbeda"
        assert level_label("one or two digits off, same date of birth").startswith("beda satu atau dua angka")
    with translation.override("en"):
        assert field_label("dob") == "Date of birth"
        assert level_label("same phone, NIKs differ") == "same phone, but the NIKs differ"


def test_an_unknown_comparison_or_level_shows_its_model_name():
    assert field_label("hobby") == "hobby"
    assert level_label("something new") == "something new"
    assert level_label("something new, NIKs differ") == "something new, NIKs differ"


def test_evidence_rows_keep_the_model_name_and_put_the_heaviest_first():
    with translation.override("en"):
        rows = evidence_rows(
            {
                "sex": {"level": "exact", "weight": 0.4},
                "nik": {"level": "different", "weight": -9.5},
                "dob": {"level": "missing", "weight": None},
            }
        )
    assert [r.field for r in rows] == ["nik", "sex", "dob"]
    assert [r.label for r in rows] == ["NIK", "Sex", "Date of birth"]
    assert [r.level for r in rows] == ["different", "the same", "missing on one side"]
    assert [r.weight for r in rows] == [-9.5, 0.4, 0.0]
