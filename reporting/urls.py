from django.urls import path

from reporting import views, views_jobs

app_name = "reporting"

urlpatterns = [
    path("rapporten/", views.report_index, name="index"),
    # Before <slug:name>/: "taken" is not a report.
    path("rapporten/taken/", views_jobs.job_list, name="job-list"),
    path("rapporten/taken/<int:pk>/", views_jobs.job_detail, name="job-detail"),
    path("rapporten/taken/<int:pk>/status/", views_jobs.job_status, name="job-status"),
    path("rapporten/taken/<int:pk>/download/", views_jobs.job_download, name="job-download"),
    path("rapporten/taken/<int:pk>/opnieuw/", views_jobs.job_retry, name="job-retry"),
    path("rapporten/<slug:name>/", views.report_view, name="report"),
]
