"""Sign-in, sign-out and account pages."""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, path

from sinergi.accounts import views

urlpatterns: list[URLPattern] = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(template_name="registration/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("token/", views.api_tokens, name="api_tokens"),
    path("token/<int:pk>/cabut/", views.api_token_revoke, name="api_token_revoke"),
]
