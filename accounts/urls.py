"""The admin login with its second step (before Wagtail's admin URLs: these work without being
logged in)."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("admin/login/", views.LoginView.as_view(), name="accounts_login"),
    path("admin/login/verify/", views.VerifyLoginView.as_view(), name="accounts_login_verify"),
    path("admin/login/set-up/", views.SetUpLoginView.as_view(), name="accounts_login_setup"),
]
