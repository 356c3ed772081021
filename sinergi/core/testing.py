"""Test bases that exercise a model's page and API contract from a few class attributes.

An app's test subclasses ``PageContract`` (or ``ApiContract``) as ``class TestCooperativePages(PageContract)``,
names its URLs, the fixtures of an editor in the record's region and of an officer of another region, and says
how to make a record (``make``). The base then checks: the list shows the record and hides the other region's;
the list's query count does not grow with its rows (an N+1 fails) and stays within ``list_queries``; a filter
that matches and one that does not; the detail page and every tab; 404 for another region; sign-in required;
create, edit and delete when configured, with bad input refused by a 400 and a message, and refused (403/404)
for a user who may not write.

Records are made through the app's services, so the contract also proves the services write what the pages read.
"""

from __future__ import annotations

import io
from typing import Any, ClassVar

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def _login(client: Client, user: Any) -> Client:
    # force_login skips django-axes, which insists on a real request; the login page has its own tests.
    client.force_login(user)
    return client


def _export_text(response: Any) -> str:
    """The cells of an exported file as one text (XLSX or CSV)."""
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content)
    if response["Content-Type"].startswith("text/csv"):
        return body.decode("utf-8")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return "\n".join(" ".join(str(v) for v in row if v is not None) for row in sheet.iter_rows(values_only=True))


@pytest.mark.django_db
class PageContract:
    """The pages of one model: list and detail. Set the class attributes and ``make``; add ``CreateContract``,
    ``EditContract``, ``DeleteContract`` for the pages the model has."""

    list_url: ClassVar[str] = ""  # empty: the model has no list page of its own (the list tests skip)
    detail_url: ClassVar[str] = ""  # empty: no detail page (the detail tests skip)
    tabs: ClassVar[tuple[str, ...]] = ()
    create_url: ClassVar[str] = ""
    edit_url: ClassVar[str] = ""
    delete_url: ClassVar[str] = ""
    editor: ClassVar[str] = "kepahiang_officer"
    outsider: ClassVar[str] = "jember_officer"
    reader: ClassVar[str] = ""  # a user who may read but not write (a viewer), when there is one
    list_queries: ClassVar[int] = 20
    filter_hit: ClassVar[dict[str, str]] = {}
    filter_miss: ClassVar[dict[str, str]] = {}
    export_formats: ClassVar[tuple[str, ...]] = ()  # the list's ?format= exports ("xlsx", "csv")

    # --- what a subclass says -------------------------------------------------------------------------

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        """Create one record in the editor's region through the services; ``index`` makes it distinct."""
        raise NotImplementedError

    def shown_as(self, obj: Any) -> str:
        """The text by which the record is recognised on a page."""
        return str(getattr(obj, "name", obj))

    def create_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        raise NotImplementedError

    def bad_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        """A POST the form or the service must refuse."""
        return {}

    def edit_data(self, request: pytest.FixtureRequest, obj: Any) -> dict[str, Any]:
        raise NotImplementedError

    def created(self, request: pytest.FixtureRequest, data: dict[str, Any]) -> bool:
        """Whether the record posted with ``data`` now exists."""
        raise NotImplementedError

    def edited(self, obj: Any) -> bool:
        """Whether ``obj`` (re-read) holds what ``edit_data`` posted."""
        raise NotImplementedError

    def gone(self, obj: Any) -> bool:
        return not type(obj)._default_manager.filter(pk=obj.pk).exists()

    # --- helpers ----------------------------------------------------------------------------------------

    def _client(self, request: pytest.FixtureRequest, role: str) -> Client:
        client: Client = request.getfixturevalue("client")
        return _login(client, request.getfixturevalue(role))

    def _needs(self, attribute: str) -> None:
        if not getattr(self, attribute):
            pytest.skip(f"this model has no {attribute.removesuffix('_url')} page")

    def _detail(self, obj: Any) -> str:
        return reverse(self.detail_url, args=[obj.pk])

    # --- the contract -----------------------------------------------------------------------------------

    def test_list_shows_own_region_only(self, request: pytest.FixtureRequest) -> None:
        self._needs("list_url")
        obj = self.make(request)
        own = self._client(request, self.editor).get(reverse(self.list_url))
        assert own.status_code == 200
        assert self.shown_as(obj) in own.content.decode()
        other = Client()
        _login(other, request.getfixturevalue(self.outsider))
        response = other.get(reverse(self.list_url))
        assert response.status_code == 200
        assert self.shown_as(obj) not in response.content.decode()

    def test_list_queries_do_not_grow_with_rows(self, request: pytest.FixtureRequest) -> None:
        self._needs("list_url")
        self.make(request, index=0)
        client = self._client(request, self.editor)
        client.get(reverse(self.list_url))  # warm caches (content types, session)
        with CaptureQueriesContext(connection) as one:
            assert client.get(reverse(self.list_url)).status_code == 200
        for i in range(1, 6):
            self.make(request, index=i)
        with CaptureQueriesContext(connection) as six:
            assert client.get(reverse(self.list_url)).status_code == 200
        assert len(six) == len(one), f"list queries grew from {len(one)} to {len(six)} with 5 more rows (N+1)"
        assert len(six) <= self.list_queries, f"list ran {len(six)} queries, baseline {self.list_queries}"

    def test_list_filter(self, request: pytest.FixtureRequest) -> None:
        self._needs("list_url")
        if not self.filter_hit:
            pytest.skip("this list has no filter")
        obj = self.make(request)
        client = self._client(request, self.editor)
        assert self.shown_as(obj) in client.get(reverse(self.list_url), self.filter_hit).content.decode()
        if self.filter_miss:
            assert self.shown_as(obj) not in client.get(reverse(self.list_url), self.filter_miss).content.decode()

    def test_list_bad_filter_is_not_an_error(self, request: pytest.FixtureRequest) -> None:
        self._needs("list_url")
        client = self._client(request, self.editor)
        response = client.get(reverse(self.list_url), {"page": "x<script>", "q": "'\"%_\x00"[:4], "year": "abc"})
        assert response.status_code in (200, 400)

    def test_list_export_holds_own_region_only(self, request: pytest.FixtureRequest) -> None:
        self._needs("list_url")
        if not self.export_formats:
            pytest.skip("this list has no export")
        obj = self.make(request)
        for kind in self.export_formats:
            own = _export_text(self._client(request, self.editor).get(reverse(self.list_url), {"format": kind}))
            assert self.shown_as(obj) in own, kind
            other = Client()
            _login(other, request.getfixturevalue(self.outsider))
            assert self.shown_as(obj) not in _export_text(other.get(reverse(self.list_url), {"format": kind})), kind

    def test_detail_and_tabs(self, request: pytest.FixtureRequest) -> None:
        self._needs("detail_url")
        obj = self.make(request)
        client = self._client(request, self.editor)
        for tab in ("", *self.tabs):
            response = client.get(self._detail(obj), {"tab": tab} if tab else {})
            assert response.status_code == 200, tab
            assert self.shown_as(obj) in response.content.decode(), tab

    def test_detail_of_another_region_is_404(self, request: pytest.FixtureRequest) -> None:
        self._needs("detail_url")
        obj = self.make(request)
        client = self._client(request, self.outsider)
        assert client.get(self._detail(obj)).status_code == 404
        if self.edit_url:
            assert client.get(reverse(self.edit_url, args=[obj.pk])).status_code == 404
            assert client.post(reverse(self.edit_url, args=[obj.pk]), {}).status_code == 404
        if self.delete_url:
            assert client.post(reverse(self.delete_url, args=[obj.pk])).status_code == 404
            assert type(obj)._default_manager.filter(pk=obj.pk).exists()

    def test_pages_need_sign_in(self, request: pytest.FixtureRequest) -> None:
        obj = self.make(request)
        anonymous = Client()
        urls = [reverse(self.list_url)] if self.list_url else []
        for url in [*urls, *([self._detail(obj)] if self.detail_url else [])]:
            response = anonymous.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), url


class CreateContract(PageContract):
    """The create page: a GET, bad input refused with a 400 and a message, good input saved; a read-only
    user refused."""

    def test_create(self, request: pytest.FixtureRequest) -> None:
        client = self._client(request, self.editor)
        assert client.get(reverse(self.create_url)).status_code == 200
        bad = client.post(reverse(self.create_url), self.bad_data(request))
        assert bad.status_code == 400
        assert "msg-error" in bad.content.decode() or "errorlist" in bad.content.decode()
        data = self.create_data(request)
        response = client.post(reverse(self.create_url), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert self.created(request, data)

    def test_create_refused_for_reader(self, request: pytest.FixtureRequest) -> None:
        if not self.reader:
            pytest.skip("this model has no read-only role")
        client = self._client(request, self.reader)
        assert client.get(reverse(self.create_url)).status_code == 403
        data = self.create_data(request)
        assert client.post(reverse(self.create_url), data).status_code == 403
        assert not self.created(request, data)


class EditContract(PageContract):
    """The edit page: a GET, a saved change; another region's record answers 404 (in PageContract)."""

    def test_edit(self, request: pytest.FixtureRequest) -> None:
        obj = self.make(request)
        client = self._client(request, self.editor)
        url = reverse(self.edit_url, args=[obj.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, self.edit_data(request, obj))
        assert response.status_code == 302, response.content.decode()[:2000]
        assert self.edited(obj)


class DeleteContract(PageContract):
    """The delete page: a GET only asks, a POST deletes."""

    def test_delete(self, request: pytest.FixtureRequest) -> None:
        obj = self.make(request)
        client = self._client(request, self.editor)
        url = reverse(self.delete_url, args=[obj.pk])
        assert client.get(url).status_code == 200
        assert not self.gone(obj), "a GET must only ask"
        assert client.post(url).status_code == 302
        assert self.gone(obj)


@pytest.mark.django_db
class ApiContract:
    """The API of one model: list (scoped, paginated), detail (404 outside the region), bad input as problem JSON.

    Set ``list_path`` and ``detail_path`` ("/api/v1/things/{pk}"), the role fixtures, and ``make``; optionally
    ``create_path`` with ``create_payload``/``bad_payload``."""

    list_path: ClassVar[str] = ""
    detail_path: ClassVar[str] = ""
    create_path: ClassVar[str] = ""
    editor: ClassVar[str] = "kepahiang_officer"
    outsider: ClassVar[str] = "jember_officer"
    list_queries: ClassVar[int] = 20

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        raise NotImplementedError

    def key_of(self, obj: Any) -> Any:
        return obj.pk

    def create_payload(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        raise NotImplementedError

    def bad_payload(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {}

    def _client(self, request: pytest.FixtureRequest, role: str) -> Client:
        from sinergi.accounts.services import api_token_create, system_actor

        _token, raw = api_token_create(actor=system_actor(), user=request.getfixturevalue(role), name="contract")
        return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})

    def _keys(self, response: Any) -> list[Any]:
        assert response.status_code == 200, response.content[:500]
        body = response.json()
        return [item.get("id") for item in body["items"]]

    def test_api_list_is_scoped(self, request: pytest.FixtureRequest) -> None:
        obj = self.make(request)
        assert self.key_of(obj) in self._keys(self._client(request, self.editor).get(self.list_path))
        assert self.key_of(obj) not in self._keys(self._client(request, self.outsider).get(self.list_path))

    def test_api_list_paginates_without_n_plus_one(self, request: pytest.FixtureRequest) -> None:
        self.make(request, index=0)
        client = self._client(request, self.editor)
        client.get(self.list_path, {"limit": 2})  # the token's first use is recorded once
        with CaptureQueriesContext(connection) as one:
            first = client.get(self.list_path, {"limit": 2})
        for i in range(1, 6):
            self.make(request, index=i)
        with CaptureQueriesContext(connection) as six:
            page = client.get(self.list_path, {"limit": 2})
        assert first.status_code == page.status_code == 200
        assert len(six) == len(one), f"API list queries grew from {len(one)} to {len(six)} (N+1)"
        assert len(six) <= self.list_queries
        body = page.json()
        assert len(body["items"]) == 2
        assert body["next"], "a limit of 2 over 6 rows gives a next cursor"
        rest = client.get(self.list_path, {"limit": 2, "cursor": body["next"]})
        assert rest.status_code == 200
        assert not set(self._keys(rest)) & set(self._keys(page))

    def test_api_bad_cursor_and_limit_are_problems(self, request: pytest.FixtureRequest) -> None:
        client = self._client(request, self.editor)
        for params in ({"cursor": "ü!!"}, {"limit": 0}, {"limit": "many"}):
            response = client.get(self.list_path, params)
            assert response.status_code in (400, 422), params
            assert response["Content-Type"].startswith("application/problem+json"), params

    def test_api_detail_is_scoped(self, request: pytest.FixtureRequest) -> None:
        obj = self.make(request)
        path = self.detail_path.format(pk=self.key_of(obj))
        assert self._client(request, self.editor).get(path).status_code == 200
        other = self._client(request, self.outsider).get(path)
        assert other.status_code == 404
        assert other["Content-Type"].startswith("application/problem+json")

    def test_api_needs_a_token(self, request: pytest.FixtureRequest) -> None:
        response = Client().get(self.list_path)
        assert response.status_code == 401


class ApiCreateContract(ApiContract):
    """A create endpoint refuses bad input with problem JSON naming the fields."""

    def test_api_bad_input_is_a_problem(self, request: pytest.FixtureRequest) -> None:
        response = self._client(request, self.editor).post(
            self.create_path, self.bad_payload(request), content_type="application/json"
        )
        assert response.status_code in (400, 422)
        body = response.json()
        assert response["Content-Type"].startswith("application/problem+json")
        assert body.get("errors") or body.get("detail")
