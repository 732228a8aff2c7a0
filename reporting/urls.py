from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("rapporten/", views.report_index, name="index"),
    path("rapporten/<slug:name>/", views.report_view, name="report"),
]
