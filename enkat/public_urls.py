"""The customers' survey pages, at /s/."""

from django.urls import path

from enkat import public_views

app_name = "survey"

urlpatterns = [
    path("<str:token>/", public_views.open_link, name="open"),
]
