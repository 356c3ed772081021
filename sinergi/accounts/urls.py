"""Sign-in, sign-out and account pages."""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from sinergi.accounts import views

# Namespaced "accounts:" (the older names below predate namespaces and are used across the templates).
office_urlpatterns: list[URLPattern] = [
    path("kantor/", views.office_settings, name="office-settings"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(template_name="registration/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("token/", views.api_tokens, name="api_tokens"),
    path("token/<int:pk>/cabut/", views.api_token_revoke, name="api_token_revoke"),
    path("", include((office_urlpatterns, "accounts"))),
]
