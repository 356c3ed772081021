"""Market endpoints: products for the office's staff and business owners (scoped as the pages are) and the
public catalogue (no token), which returns only public fields of the products listed today."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from sinergi.accounts.access import require_registry_access
from sinergi.api.auth import actor_of
from sinergi.api.errors import responses
from sinergi.api.pagination import BY_NAME, Page, paginate
from sinergi.core.models import ChangeSource
from sinergi.market import selectors as sel
from sinergi.market import services
from sinergi.market.models import Product
from sinergi.market.schemas import CatalogueQuery, ProductCreate, ProductOut, ProductQuery, PublicProductOut
from sinergi.registry.schemas import MAX_ID
from sinergi.registry.selectors import business_get

PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
PAGING = " Keyset pages: pass the `next` value of a page as `cursor` for the following one."

router = Router(tags=["market"])


def _product(p: Product) -> dict[str, Any]:
    return {
        "id": p.pk,
        "business": {"id": p.business_id, "name": p.business.name},
        "name": p.name,
        "description": p.description,
        "category": {"slug": p.category.slug, "name": p.category.name},
        "unit": p.unit,
        "price": f"{p.price:.2f}",
        "minimum_order": p.minimum_order,
        "stock_status": p.stock_status,
        "is_active": p.is_active,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    }


def _caller(request: HttpRequest) -> Any:
    """The caller, refused (403) where the product pages refuse them: the registry's users only."""
    user = actor_of(request)
    require_registry_access(user)
    return user


def _public(p: Product) -> dict[str, Any]:
    kecamatan = p.business.desa.parent
    return {
        "id": p.pk,
        "name": p.name,
        "description": p.description,
        "category": {"slug": p.category.slug, "name": p.category.name},
        "unit": p.unit,
        "price": f"{p.price:.2f}",
        "minimum_order": p.minimum_order,
        "stock_status": p.stock_status,
        "business": {"id": p.business_id, "name": p.business.name},
        "kecamatan": {"code": kecamatan.code, "name": kecamatan.name} if kecamatan else None,
        "halal": bool(getattr(p, "halal", False)),
    }


@router.get(
    "/market/products",
    response=responses({200: Page[ProductOut]}),
    description="Products of the businesses the caller may see, by name." + PAGING,
)
def product_list(request: HttpRequest, filters: Query[ProductQuery]) -> Any:
    user = _caller(request)
    qs = sel.product_list(user=user, filters=sel.ProductFilter(q=filters.q or "", category=filters.category or ""))
    return paginate(qs, keyset=BY_NAME, page=filters, transform=lambda rows: [_product(p) for p in rows])


@router.get("/market/products/{product_id}", response=responses({200: ProductOut}))
def product_get(request: HttpRequest, product_id: PathId) -> Any:
    return _product(sel.product_get(user=_caller(request), pk=product_id))


@router.post("/market/products", response=responses({201: ProductOut}))
def product_create(request: HttpRequest, payload: ProductCreate) -> Any:
    user = _caller(request)
    services.require_product_create(user)
    business = business_get(user=user, pk=payload.business)  # another region's business answers 404
    data = payload.model_dump(exclude_unset=True)
    data = {
        "business_id": business.pk,
        "category_id": data.pop("category"),
        **{k: v for k, v in data.items() if k != "business"},
    }
    product = services.product_create(actor=user, data=data, source=ChangeSource.API)
    return Status(201, _product(sel.product_get(user=user, pk=product.pk)))


@router.get(
    "/market/catalogue",
    auth=None,
    response=responses({200: Page[PublicProductOut]}),
    description="The public catalogue: products listed today under their office's listing rule, public fields "
    "only. No token needed." + PAGING,
)
def catalogue(request: HttpRequest, filters: Query[CatalogueQuery]) -> Any:
    qs = sel.catalogue(
        filters=sel.CatalogueFilter(
            q=filters.q or "",
            category=filters.category or "",
            kecamatan=filters.kecamatan or "",
            halal=filters.halal,
            price_min=filters.price_min,
            price_max=filters.price_max,
        )
    )
    return paginate(qs, keyset=BY_NAME, page=filters, transform=lambda rows: [_public(p) for p in rows])
