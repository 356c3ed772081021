from django.contrib import admin

from sinergi.notifications.models import Notification, Reminder


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("recipient", "text", "created_at", "read_at")
    list_filter = ("read_at",)
    raw_id_fields = ("recipient",)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin[Reminder]):
    list_display = ("key", "sent_at")
    search_fields = ("key",)
    raw_id_fields = ("notification",)
