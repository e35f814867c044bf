from django.urls import path

from utskick import plan_views, trial_send_views, views

app_name = "utskick"

urlpatterns = [
    path("twilio/status/", views.twilio_status, name="twilio_status"),
    path("twilio/inbound/", views.twilio_inbound, name="twilio_inbound"),
    path("preview/", views.preview, name="preview"),
    path("<slug:slug>/", views.survey_page, name="survey"),
    path("<slug:slug>/plan/", plan_views.plan_edit, name="plan"),
    path("<slug:slug>/send-now/", views.send_now, name="send_now"),
    path("<slug:slug>/pause/", views.pause, name="pause"),
    path("<slug:slug>/send-to-self/", trial_send_views.send_to_self, name="send_to_self"),
    path("<slug:slug>/runs/<int:pk>/", views.run_progress, name="run_progress"),
]
