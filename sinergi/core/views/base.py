"""What every generic page shares: the signed-in page, a record found through a scoped selector, and a
service write whose errors land on a form."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ClassVar, TypeVar, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.views import View

from sinergi.core.forms import apply_service_errors

Text = str | Promise
T = TypeVar("T")


def allowed(check: Callable[..., None], *args: Any) -> bool:
    """Whether a permission check (a ``require_*`` function that raises PermissionDenied) lets this pass."""
    try:
        check(*args)
    except PermissionDenied:
        return False
    return True


def service_saved(
    form: forms.BaseForm,
    save: Callable[[], object],
    *,
    field_map: dict[str, str] | None = None,
    refused_on: str | None = "",
) -> bool:
    """Run a service write for a valid form; its field errors land on the form, a refusal on the field
    ``refused_on`` (on top of the form for None; as a 403 page for ""). True when the write went through."""
    try:
        save()
    except ValidationError as exc:
        apply_service_errors(cast(forms.Form, form), exc, field_map=field_map)
    except PermissionDenied as exc:
        if refused_on == "":
            raise
        form.add_error(refused_on, str(exc))
    else:
        return True
    return False


def found_or_404(find: Callable[[], T | None], not_found: Text) -> T:
    """The record a scoped look-up finds; 404 with ``not_found`` when it raises DoesNotExist or finds None.
    404, not 403: a record outside the user's regions must not reveal that it exists."""
    try:
        found = find()
    except ObjectDoesNotExist:
        raise Http404(str(not_found)) from None
    if found is None:
        raise Http404(str(not_found))
    return found


Check = Callable[[Any], None]


def opens_for(check: Check) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A function view that signs in and then asks ``check(user)`` (a ``require_*`` of ``accounts.access``) before
    anything else; a refusal is a 403 page with the check's reason. The view keeps the check as ``access``, so the
    site menu (sinergi/menu.py) asks the very same function before it offers the page."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            check(request.user)
            return view(request, *args, **kwargs)

        wrapped = login_required(checked)
        wrapped.access = check  # type: ignore[attr-defined]
        return wrapped

    return decorate


class Page(LoginRequiredMixin, View):
    """A signed-in page; ``user`` is the request's user. ``access`` (a ``require_*`` of ``accounts.access``), when
    set, is asked before the page does anything; the site menu asks the same function (sinergi/menu.py)."""

    request: HttpRequest
    access: ClassVar[Check | None] = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        check = type(self).access
        if check is not None and request.user.is_authenticated:
            check(request.user)
        return super().dispatch(request, *args, **kwargs)

    @property
    def user(self) -> Any:
        return self.request.user


class RecordPage(Page):
    """A page about one record found through a scoped selector (``lookup``); out of scope answers 404.

    A page about the record another page shows (its edit form, a row added under it) names that page as
    ``detail`` and finds the record, and says it is not there, the way that page does."""

    not_found: ClassVar[Text] = ""
    pk_kwarg: ClassVar[str] = "pk"
    detail: ClassVar[type[RecordPage] | None] = None

    def lookup(self, *, user: Any, pk: int) -> Model:
        if self.detail is None:
            raise NotImplementedError
        return self.detail().lookup(user=user, pk=pk)

    def not_found_text(self) -> Text:
        if self.not_found:
            return self.not_found
        return self.detail().not_found_text() if self.detail is not None else gettext_lazy("No such record.")

    def get_object(self) -> Any:
        pk = int(self.kwargs[self.pk_kwarg])
        return found_or_404(lambda: self.lookup(user=self.user, pk=pk), self.not_found_text())
