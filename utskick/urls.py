
app_name = "utskick"

urlpatterns: list = []
