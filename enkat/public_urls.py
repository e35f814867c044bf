"""The customers' survey pages, at /s/.

Fixed paths come before the token pattern; a token is 32 URL-safe characters.
"""

from django.urls import path

from enkat import public_info, public_views

app_name = "survey"

urlpatterns = [
    path("", public_views.resume, name="resume"),
    path("steg/<int:step>/", public_views.page, name="page"),
    path("tack/", public_views.thanks, name="thanks"),
    path("sprak/", public_views.switch_language, name="language"),
    path("paminnelser/", public_views.stop_reminders, name="stop_reminders"),
    path("integritet/", public_info.privacy, name="privacy"),
    path("trasig-lank/", public_info.bad_link_help, name="bad_link_help"),
    path("<str:token>/", public_views.open_link, name="open"),
]
