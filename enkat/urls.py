from django.urls import path

from enkat import new_question_views, preview, question_views, views

app_name = "enkat"

urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("ny/", views.survey_create, name="survey_create"),
    path("fragor/", question_views.question_list, name="question_list"),
    path("fragor/ny/", new_question_views.question_new, name="question_new"),
    path("fragor/sprak/<str:code>/", question_views.language_detail, name="language_detail"),
    path("fragor/<slug:code>/", question_views.question_edit, name="question_edit"),
    path("<slug:slug>/", views.survey_detail, name="survey_detail"),
    path("<slug:slug>/andra/", views.survey_edit, name="survey_edit"),
    path("<slug:slug>/kopiera/", views.survey_copy, name="survey_copy"),
    path("<slug:slug>/testlank/", views.survey_test_link, name="survey_test_link"),
    path("<slug:slug>/forhandsvisning/<str:language>/<int:step>/", preview.survey_preview, name="survey_preview"),
    path("<slug:slug>/oppna/", views.survey_open, name="survey_open"),
    path("<slug:slug>/stang/", views.survey_close, name="survey_close"),
    path("<slug:slug>/stangningstid/", views.survey_move_close, name="survey_move_close"),
    path("<slug:slug>/urval/", views.survey_sample, name="survey_sample"),
    path("<slug:slug>/kontakter/", views.contacts_import, name="contacts_import"),
    path("<slug:slug>/kontakter/bekrafta/", views.contacts_import_confirm, name="contacts_import_confirm"),
    path("<slug:slug>/kontakter/avbryt/", views.contacts_import_cancel, name="contacts_import_cancel"),
]
