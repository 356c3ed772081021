"""Market pages, mounted at /pasar/: the public catalogue (no sign-in) and the office's pages under kelola/.
Paths are Indonesian: officers and buyers read and share them."""

from django.urls import URLPattern, path

from sinergi.market.views import public, showroom, staff

urlpatterns: list[URLPattern] = [
    path("", public.catalogue, name="market_catalogue"),
    path("produk/<int:pk>/", public.product_page, name="market_public_product"),
    path("produk/<int:pk>/pesan/", public.order_whatsapp, name="market_order_whatsapp"),
    path("usaha/<int:pk>/", public.storefront_page, name="market_public_storefront"),
    path("kelola/usaha/<int:pk>/etalase/", staff.StorefrontFormPage.as_view(), name="market_storefront_edit"),
    path("kelola/etalase-rum/", showroom.ShowroomList.as_view(), name="market_showroom_list"),
    path("kelola/etalase-rum/<int:pk>/", showroom.ShowroomLedger.as_view(), name="market_showroom_ledger"),
    path("kelola/etalase-rum/<int:pk>/gerak/", showroom.MovementAdd.as_view(), name="market_showroom_movement_add"),
    path("kelola/etalase-rum/<int:pk>/bayar/", showroom.PayoutAdd.as_view(), name="market_showroom_payout_add"),
    path(
        "kelola/etalase-rum/<int:pk>/laporan/<str:month>/",
        showroom.statement_download,
        name="market_showroom_statement",
    ),
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
