from django.urls import path

from analys import results_pack_views, statistics_views, views

app_name = "analys"

urlpatterns = [
    path("", views.index, name="index"),
    path("trend/", views.trend_view, name="trend"),
    path("trend/diagram.<str:fmt>", views.trend_chart_download, name="trend_chart"),
    path("trend/tidigare-ar/", views.published_figures, name="published"),
    path("exporter/", views.export_log, name="exports"),
    path("statistik/", statistics_views.statistics_index, name="statistics_index"),
    path("statistik/<int:year>/", statistics_views.statistics_page, name="statistics"),
    path(
        "statistik/<int:year>/resultatstatistik.<str:fmt>",
        statistics_views.statistics_download,
        name="statistics_download",
    ),
    path("statistik/<int:year>/diagram/<slug:name>.svg", statistics_views.statistics_chart, name="statistics_chart"),
    path("<slug:slug>/resultatpaket/", results_pack_views.pack_page, name="results_packs"),
    path("<slug:slug>/resultatpaket/alla/", results_pack_views.pack_request_all, name="results_packs_all"),
    path("<slug:slug>/resultatpaket/alla-<int:job_id>.zip", results_pack_views.pack_zip, name="results_packs_zip"),
    path(
        "<slug:slug>/resultatpaket/<int:provider_id>.<str:fmt>",
        results_pack_views.pack_download,
        name="results_pack",
    ),
    path("<slug:slug>/", views.survey_analysis, name="survey"),
    path("<slug:slug>/export.<str:fmt>", views.download, name="download"),
    path("<slug:slug>/diagram/<str:chart>.<str:fmt>", views.chart_download, name="chart"),
]
