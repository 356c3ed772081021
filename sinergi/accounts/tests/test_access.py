"""The access rules every selector and service relies on."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import PASSWORD
from sinergi.accounts.access import region_in_scope, region_prefixes, require_region_write
from sinergi.accounts.models import Role, User
from sinergi.accounts.services import api_token_authenticate, api_token_create, system_actor, user_create
from sinergi.regions.models import Region
from sinergi.registry.selectors import businesses_visible


def test_prefixes_by_role(admin_user, kepahiang_officer, bengkulu_officer):
    assert region_prefixes(admin_user) is None
    assert region_prefixes(kepahiang_officer) == ["17.08"]
    assert region_prefixes(bengkulu_officer) == ["17"]


def test_scope_is_by_whole_code_segments(kepahiang_officer):
    assert region_in_scope(kepahiang_officer, "17.08")
    assert region_in_scope(kepahiang_officer, "17.08.01.2001")
    assert not region_in_scope(kepahiang_officer, "17.0")
    assert not region_in_scope(kepahiang_officer, "17.09.01")


def test_staff_without_regions_see_nothing(regions):
    lost = user_create(actor=system_actor(), username="tanpa", password=None, role=Role.KABUPATEN)
    assert region_prefixes(lost) == []
    assert list(businesses_visible(user=lost)) == []
    assert list(Region.objects.filter(code="17")) != []  # the filter, not the data, is empty


def test_viewer_cannot_write_in_own_region(kepahiang_viewer):
    with pytest.raises(PermissionDenied):
        require_region_write(kepahiang_viewer, "17.08.01.2001")


def test_anonymous_sees_nothing(regions):
    assert list(businesses_visible(user=AnonymousUser())) == []  # type: ignore[arg-type]


def test_passwords_are_hashed_with_argon2(kepahiang_officer):
    assert kepahiang_officer.password.startswith("argon2")
    assert User.objects.get(pk=kepahiang_officer.pk).check_password(PASSWORD)


def test_unknown_region_code_refused_for_a_user(regions):
    with pytest.raises(ValidationError):
        user_create(actor=system_actor(), username="x", password=None, role=Role.KABUPATEN, region_codes=["99.99"])


def test_system_actor_cannot_sign_in(db):
    assert not system_actor().has_usable_password()


def test_api_token_is_stored_hashed_and_revocable(kepahiang_officer):
    token, raw = api_token_create(actor=kepahiang_officer, user=kepahiang_officer, name="laptop")
    assert raw not in token.key_hash
    assert api_token_authenticate(raw=raw) == kepahiang_officer
    assert api_token_authenticate(raw=raw + "x") is None
    token.revoked_at = token.created_at
    token.save()
    assert api_token_authenticate(raw=raw) is None
