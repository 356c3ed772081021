"""Sign-in, sign-out and account pages."""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from sinergi.accounts import views

# Namespaced "accounts:" (the older names below predate namespaces and are used across the templates).
office_urlpatterns: list[URLPattern] = [
    path("kantor/", views.office_settings, name="office-settings"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("masuk/", views.SignIn.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("profil/", views.Profile.as_view(), name="profile"),
    path("sandi/", views.PasswordChange.as_view(), name="password_change"),
    path("token/", views.api_tokens, name="api_tokens"),
    path("token/<int:pk>/cabut/", views.api_token_revoke, name="api_token_revoke"),
    path("", include((office_urlpatterns, "accounts"))),
]
