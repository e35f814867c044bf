from django.urls import path

from common.lazy_views import lazy

app_name = "analys"

urlpatterns = [
    path("", lazy("analys.views.index"), name="index"),
    path("trend/", lazy("analys.views.trend_view"), name="trend"),
    path("trend/diagram.<str:fmt>", lazy("analys.views.trend_chart_download"), name="trend_chart"),
    path("trend/tidigare-ar/", lazy("analys.views.published_figures"), name="published"),
    path("exporter/", lazy("analys.views.export_log"), name="exports"),
    path("statistik/", lazy("analys.statistics_views.statistics_index"), name="statistics_index"),
    path("statistik/<int:year>/", lazy("analys.statistics_views.statistics_page"), name="statistics"),
    path(
        "statistik/<int:year>/resultatstatistik.<str:fmt>",
        lazy("analys.statistics_views.statistics_download"),
        name="statistics_download",
    ),
    path(
        "statistik/<int:year>/diagram/<slug:name>.svg",
        lazy("analys.statistics_views.statistics_chart"),
        name="statistics_chart",
    ),
    path("<slug:slug>/resultatpaket/", lazy("analys.results_pack_views.pack_page"), name="results_packs"),
    path(
        "<slug:slug>/resultatpaket/alla/", lazy("analys.results_pack_views.pack_request_all"), name="results_packs_all"
    ),
    path(
        "<slug:slug>/resultatpaket/alla-<int:job_id>.zip",
        lazy("analys.results_pack_views.pack_zip"),
        name="results_packs_zip",
    ),
    path(
        "<slug:slug>/resultatpaket/<int:provider_id>.<str:fmt>",
        lazy("analys.results_pack_views.pack_download"),
        name="results_pack",
    ),
    path("<slug:slug>/", lazy("analys.views.survey_analysis"), name="survey"),
    path("<slug:slug>/export.<str:fmt>", lazy("analys.views.download"), name="download"),
    path("<slug:slug>/diagram/<str:chart>.<str:fmt>", lazy("analys.views.chart_download"), name="chart"),
]
