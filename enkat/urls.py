app_name = "enkat"

urlpatterns: list = []
