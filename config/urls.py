from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from register.forms import ThrottledAdminAuthenticationForm, ThrottledAuthenticationForm
from register.views import home

admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("", home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("register/", include("register.urls")),
    path("s/", include("enkat.public_urls")),
    path("enkat/", include("enkat.urls")),
    path("utskick/", include("utskick.urls")),
    path("analys/", include("analys.urls")),
    path("admin/", admin.site.urls),
]
