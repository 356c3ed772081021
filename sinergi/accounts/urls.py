"""Sign-in, sign-out and account pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
