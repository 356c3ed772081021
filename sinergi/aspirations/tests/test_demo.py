"""The demo: Jember's J-HUR at Wuluhan, the study-tour request from Tanjungrejo that became an application."""

from __future__ import annotations

import datetime as dt

import pytest

from sinergi.aspirations import demo, public
from sinergi.aspirations.models import Aspiration, Forum
from sinergi.programs.models import Application

pytestmark = pytest.mark.django_db


def test_the_wuluhan_forum_and_its_study_tour_application(regions):
    assert demo.aspirations_demo_seed(today=dt.date(2026, 11, 30)) == 3
    forum = Forum.objects.get(title=demo.FORUM_TITLE)
    assert forum.place_id == demo.WULUHAN
    study = Aspiration.objects.get(category="study_tour")
    assert study.business is not None
    assert study.business.desa_id == demo.TANJUNGREJO
    application = Application.objects.get(pk=study.application_id or 0)
    assert application.program.kind == "studi_banding"
    assert application.business_id == study.business_id
    page = public.forum_page(forum)
    assert page.total == 2  # the secret one is not counted in public
    assert [p.code for p in page.published] == [study.code]
    assert demo.aspirations_demo_seed(today=dt.date(2026, 11, 30)) == 0
    assert Aspiration.objects.count() == 3
