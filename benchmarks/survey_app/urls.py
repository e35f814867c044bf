from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns


def bare(request):
    return render(request, "bare.html")


urlpatterns = [path("bench/bare/", bare), *product_urlpatterns]
