"""Field-sync pages, mounted at /lapangan/ (Indonesian paths, as the rest of the office's pages)."""

from django.urls import URLPattern, path

from sinergi.fieldsync import views

urlpatterns: list[URLPattern] = [
    path("", views.BatchList.as_view(), name="field_batch_list"),
    path("sinkron/<int:pk>/", views.BatchDetail.as_view(), name="field_batch_detail"),
    path("konflik/", views.ConflictList.as_view(), name="field_conflict_list"),
    path("konflik/<int:pk>/", views.ConflictDetail.as_view(), name="field_conflict_detail"),
    path("konflik/<int:pk>/putuskan/", views.ConflictResolve.as_view(), name="field_conflict_resolve"),
    path("menunggu/", views.WaitingList.as_view(), name="field_waiting_list"),
    path("ditolak/", views.RefusedList.as_view(), name="field_refused_list"),
    path("laptop/", views.LaptopPage.as_view(), name="field_laptop"),
    path("laptop/ambil/", views.LaptopCheckout.as_view(), name="field_laptop_checkout"),
    path("laptop/sinkron/", views.LaptopSync.as_view(), name="field_laptop_sync"),
    path("laptop/kemajuan/", views.LaptopProgress.as_view(), name="field_laptop_progress"),
    path("laptop/kotak-keluar/", views.OutboxList.as_view(), name="field_outbox_list"),
]
