"""Market pages, mounted at /pasar/: the public catalogue (no sign-in) and the office's pages under kelola/.
Paths are Indonesian: officers and buyers read and share them."""

from django.urls import URLPattern, path

from sinergi.market.views import public, staff

urlpatterns: list[URLPattern] = [
    path("", public.catalogue, name="market_catalogue"),
    path("produk/<int:pk>/", public.product_page, name="market_public_product"),
    path("produk/<int:pk>/pesan/", public.order_whatsapp, name="market_order_whatsapp"),
    path("usaha/<int:pk>/", public.storefront_page, name="market_public_storefront"),
    path("kelola/usaha/<int:pk>/etalase/", staff.StorefrontFormPage.as_view(), name="market_storefront_edit"),
    path("kelola/produk/", staff.ProductList.as_view(), name="market_product_list"),
    path("kelola/produk/baru/", staff.ProductFormPage.as_view(), name="market_product_create"),
    path("kelola/produk/<int:pk>/", staff.ProductDetail.as_view(), name="market_product_detail"),
    path("kelola/produk/<int:pk>/ubah/", staff.ProductFormPage.as_view(), name="market_product_edit"),
    path("kelola/produk/<int:pk>/hapus/", staff.ProductDelete.as_view(), name="market_product_delete"),
    path("kelola/produk/<int:pk>/izin/", staff.PermitAdd.as_view(), name="market_permit_add"),
    path(
        "kelola/produk/<int:pk>/izin/<int:child_pk>/hapus/", staff.PermitRemove.as_view(), name="market_permit_remove"
    ),
    path(
        "kelola/produk/<int:pk>/izin/<int:child_pk>/verifikasi/",
        staff.PermitVerify.as_view(),
        name="market_permit_verify",
    ),
]
