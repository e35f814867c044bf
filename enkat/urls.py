from django.urls import path

from enkat import views

app_name = "enkat"

urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("ny/", views.survey_create, name="survey_create"),
    path("<slug:slug>/", views.survey_detail, name="survey_detail"),
    path("<slug:slug>/andra/", views.survey_edit, name="survey_edit"),
    path("<slug:slug>/oppna/", views.survey_open, name="survey_open"),
    path("<slug:slug>/stang/", views.survey_close, name="survey_close"),
    path("<slug:slug>/urval/", views.survey_sample, name="survey_sample"),
    path("<slug:slug>/kontakter/", views.contacts_import, name="contacts_import"),
    path("<slug:slug>/kontakter/bekrafta/", views.contacts_import_confirm, name="contacts_import_confirm"),
    path("<slug:slug>/kontakter/avbryt/", views.contacts_import_cancel, name="contacts_import_cancel"),
]
