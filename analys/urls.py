from django.urls import path

from analys import views

app_name = "analys"

urlpatterns = [
    path("", views.index, name="index"),
    path("trend/", views.trend_view, name="trend"),
    path("trend/diagram.<str:fmt>", views.trend_chart_download, name="trend_chart"),
    path("trend/tidigare-ar/", views.published_figures, name="published"),
    path("exporter/", views.export_log, name="exports"),
    path("<slug:slug>/", views.survey_analysis, name="survey"),
    path("<slug:slug>/export.<str:fmt>", views.download, name="download"),
    path("<slug:slug>/diagram/<str:chart>.<str:fmt>", views.chart_download, name="chart"),
]
