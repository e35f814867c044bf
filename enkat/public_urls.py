"""The customers' survey pages, at /s/.

Fixed paths come before the token pattern; a token is 32 URL-safe characters. Whatever
else arrives under /s/ gets the same help as an unknown link.
"""

from django.urls import path, re_path

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
    # Anything else under /s/ is a link that got mangled on its way (a character added or lost).
    # Only paths ending in a slash: a link that lost its last slash is still redirected to it.
    re_path(r"^(?P<rest>.+/)$", public_info.mangled_link),
]
