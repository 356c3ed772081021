"""Aspiration pages: staff at /aspirasi/, the public at /aspirasi-publik/ (paths in Indonesian: people share them)."""

from django.urls import URLPattern, path

from sinergi.aspirations.views import public, staff

urlpatterns: list[URLPattern] = [
    path("", staff.AspirationList.as_view(), name="aspiration_list"),
    path("antrian/", staff.Queue.as_view(), name="aspiration_queue"),
    path("baru/", staff.AspirationFormPage.as_view(), name="aspiration_create"),
    path("mirip/", staff.similar, name="aspiration_similar"),
    path("angka/", staff.figures, name="aspiration_figures"),
    path("impor/", staff.import_page, name="aspiration_import"),
    path("<int:pk>/", staff.AspirationDetail.as_view(), name="aspiration_detail"),
    path("<int:pk>/ubah/", staff.AspirationFormPage.as_view(), name="aspiration_edit"),
    path("<int:pk>/tugaskan/", staff.Assign.as_view(), name="aspiration_assign"),
    path("<int:pk>/rencana/", staff.Plan.as_view(), name="aspiration_plan"),
    path("<int:pk>/jawab/", staff.Answer.as_view(), name="aspiration_answer"),
    path("<int:pk>/tutup/", staff.Close.as_view(), name="aspiration_close"),
    path("<int:pk>/rujuk/", staff.Refer.as_view(), name="aspiration_refer"),
    path("<int:pk>/tanpa-penyelesaian/", staff.Unresolved.as_view(), name="aspiration_unresolved"),
    path("<int:pk>/gabung/", staff.Merge.as_view(), name="aspiration_merge"),
    path("<int:pk>/buka-kembali/", staff.Reopen.as_view(), name="aspiration_reopen"),
    path("<int:pk>/program/", staff.ApplyToProgram.as_view(), name="aspiration_program"),
    path("<int:pk>/tugas/", staff.AddTask.as_view(), name="aspiration_task"),
    path("<int:pk>/pengawasan/", staff.RequestSupervision.as_view(), name="aspiration_supervision"),
    path("tugas/", staff.TaskList.as_view(), name="aspiration_task_list"),
    path("tugas/<int:pk>/", staff.TaskDetail.as_view(), name="aspiration_task_detail"),
    path("tugas/<int:pk>/selesai/", staff.TaskDone.as_view(), name="aspiration_task_done"),
    path("tenggat/", staff.DeadlineRuleList.as_view(), name="aspiration_deadline_list"),
    path("tenggat/baru/", staff.DeadlineRuleFormPage.as_view(), name="aspiration_deadline_create"),
    path("tenggat/<int:pk>/ubah/", staff.DeadlineRuleFormPage.as_view(), name="aspiration_deadline_edit"),
    path("forum/", staff.ForumList.as_view(), name="forum_list"),
    path("forum/baru/", staff.ForumFormPage.as_view(), name="forum_create"),
    path("forum/<int:pk>/", staff.ForumDetail.as_view(), name="forum_detail"),
    path("forum/<int:pk>/ubah/", staff.ForumFormPage.as_view(), name="forum_edit"),
]

public_urlpatterns: list[URLPattern] = [
    path("", public.submit, name="aspiration_public_form"),
    path("status/", public.status, name="aspiration_public_status"),
    path("forum/", public.forums, name="aspiration_public_forums"),
    path("forum/<int:pk>/", public.forum, name="aspiration_public_forum"),
]
