from django.urls import path

from analys import views

app_name = "analys"

urlpatterns = [
    path("", views.index, name="index"),
    path("trend/", views.trend_view, name="trend"),
    path("exporter/", views.export_log, name="exports"),
    path("<slug:slug>/", views.survey_analysis, name="survey"),
    path("<slug:slug>/export.<str:fmt>", views.download, name="download"),
]
