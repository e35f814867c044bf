"""The customers' survey pages, at /s/."""


app_name = "survey"

urlpatterns: list = []
