"""Market pages, mounted at /pasar/: the public catalogue (no sign-in) and the office's pages under kelola/.
Paths are Indonesian: officers and buyers read and share them."""

from django.urls import URLPattern, path

from sinergi.market import public_views, views

urlpatterns: list[URLPattern] = [
    path("", public_views.catalogue, name="market_catalogue"),
    path("produk/<int:pk>/", public_views.product_page, name="market_public_product"),
    path("produk/<int:pk>/pesan/", public_views.order_whatsapp, name="market_order_whatsapp"),
    path("usaha/<int:pk>/", public_views.storefront_page, name="market_public_storefront"),
    path("kelola/usaha/<int:pk>/etalase/", views.StorefrontFormPage.as_view(), name="market_storefront_edit"),
    path("kelola/produk/", views.ProductList.as_view(), name="market_product_list"),
    path("kelola/produk/baru/", views.ProductFormPage.as_view(), name="market_product_create"),
    path("kelola/produk/<int:pk>/", views.ProductDetail.as_view(), name="market_product_detail"),
    path("kelola/produk/<int:pk>/ubah/", views.ProductFormPage.as_view(), name="market_product_edit"),
    path("kelola/produk/<int:pk>/hapus/", views.ProductDelete.as_view(), name="market_product_delete"),
    path("kelola/produk/<int:pk>/izin/", views.PermitAdd.as_view(), name="market_permit_add"),
    path(
        "kelola/produk/<int:pk>/izin/<int:child_pk>/hapus/", views.PermitRemove.as_view(), name="market_permit_remove"
    ),
    path(
        "kelola/produk/<int:pk>/izin/<int:child_pk>/verifikasi/",
        views.PermitVerify.as_view(),
        name="market_permit_verify",
    ),
]
