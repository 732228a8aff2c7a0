from django.contrib import admin
from django.urls import include, path

from partners.views import home

urlpatterns = [
    path("", home, name="home"),
    path("account/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("partners.urls")),
    path("", include("effects.urls")),
    path("", include("agreements.urls")),
    path("", include("reporting.urls")),
]
