from django.urls import path

from partners import account_views, notification_views, views

app_name = "partners"

urlpatterns = [
    path("account/tweede-stap/", account_views.otp_verify, name="otp-verify"),
    path("account/tweede-stap/instellen/", account_views.otp_setup, name="otp-setup"),
    path("gemeente-wisselen/", views.switch_municipality, name="switch-municipality"),
    path("organisaties/", views.organisation_list, name="organisation-list"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("meldingen/", notification_views.notification_list, name="notification-list"),
    path("meldingen/gelezen/", notification_views.notification_read, name="notification-read"),
]
