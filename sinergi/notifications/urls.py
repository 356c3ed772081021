"""Notification pages (paths in Indonesian, as the others)."""

from django.urls import URLPattern, path

from sinergi.notifications import views

urlpatterns: list[URLPattern] = [
    path("", views.NotificationList.as_view(), name="notification_list"),
    path("<int:pk>/buka/", views.notification_open, name="notification_open"),
    path("baca-semua/", views.notifications_read_all, name="notifications_read_all"),
]
