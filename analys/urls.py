
app_name = "analys"

urlpatterns: list = []
