"""Aspiration pages: staff at /aspirasi/, the public at /aspirasi-publik/ (paths in Indonesian: people share them)."""

from django.urls import URLPattern, path

from sinergi.aspirations import public_views, views

urlpatterns: list[URLPattern] = [
    path("", views.AspirationList.as_view(), name="aspiration_list"),
    path("antrian/", views.Queue.as_view(), name="aspiration_queue"),
    path("baru/", views.AspirationFormPage.as_view(), name="aspiration_create"),
    path("mirip/", views.similar, name="aspiration_similar"),
    path("angka/", views.figures, name="aspiration_figures"),
    path("impor/", views.import_page, name="aspiration_import"),
    path("<int:pk>/", views.AspirationDetail.as_view(), name="aspiration_detail"),
    path("<int:pk>/ubah/", views.AspirationFormPage.as_view(), name="aspiration_edit"),
    path("<int:pk>/tugaskan/", views.Assign.as_view(), name="aspiration_assign"),
    path("<int:pk>/rencana/", views.Plan.as_view(), name="aspiration_plan"),
    path("<int:pk>/jawab/", views.Answer.as_view(), name="aspiration_answer"),
    path("<int:pk>/tutup/", views.Close.as_view(), name="aspiration_close"),
    path("<int:pk>/rujuk/", views.Refer.as_view(), name="aspiration_refer"),
    path("<int:pk>/tanpa-penyelesaian/", views.Unresolved.as_view(), name="aspiration_unresolved"),
    path("<int:pk>/gabung/", views.Merge.as_view(), name="aspiration_merge"),
    path("<int:pk>/buka-kembali/", views.Reopen.as_view(), name="aspiration_reopen"),
    path("<int:pk>/program/", views.ApplyToProgram.as_view(), name="aspiration_program"),
    path("<int:pk>/tugas/", views.AddTask.as_view(), name="aspiration_task"),
    path("<int:pk>/pengawasan/", views.RequestSupervision.as_view(), name="aspiration_supervision"),
    path("forum/", views.ForumList.as_view(), name="forum_list"),
    path("forum/baru/", views.ForumFormPage.as_view(), name="forum_create"),
    path("forum/<int:pk>/", views.ForumDetail.as_view(), name="forum_detail"),
    path("forum/<int:pk>/ubah/", views.ForumFormPage.as_view(), name="forum_edit"),
]

public_urlpatterns: list[URLPattern] = [
    path("", public_views.submit, name="aspiration_public_form"),
    path("status/", public_views.status, name="aspiration_public_status"),
    path("forum/", public_views.forums, name="aspiration_public_forums"),
    path("forum/<int:pk>/", public_views.forum, name="aspiration_public_forum"),
]
