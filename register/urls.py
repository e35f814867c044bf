from django.urls import path

from register import views

app_name = "register"

urlpatterns = [
    path("", views.register_list, name="list"),
    path("import/", views.register_import, name="import"),
    path("import/confirm/", views.register_import_confirm, name="import_confirm"),
    path("import/cancel/", views.register_import_cancel, name="import_cancel"),
    path("organisation/", views.organisation, name="organisation"),
    path("mina/", views.provider_insatser, name="provider_list"),
    path("mina/insatser.csv", views.provider_insatser_csv, name="provider_csv"),
    path("mina/<int:pk>/", views.provider_insats_detail, name="provider_detail"),
]
