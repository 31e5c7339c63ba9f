"""The project's URLs and one view that fails, to see the 500 page."""
from django.urls import path

from lkp.urls import handler500
from lkp.urls import urlpatterns as project

__all__ = ["handler500", "urlpatterns"]


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), *project]
