"""The benchmark's URLconf: the site's URLs plus a bare Django view, the unit of measure."""

from django.http import HttpResponse
from django.urls import include, path


def bare_view(request):
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare_view),
    path("", include("espace_site.urls")),
]
