from django.urls import path

from effects import views

app_name = "effects"

urlpatterns = [
    path("kaders/", views.framework_list, name="framework-list"),
    path("kaders/<int:pk>/bewerken/", views.framework_edit, name="framework-edit"),
    path("kaders/<int:pk>/geschiedenis/", views.framework_history, name="framework-history"),
    path("kaders/<int:framework_pk>/effecten/nieuw/", views.effect_create, name="effect-create"),
    path("kaders/<int:framework_pk>/smart-doelen/nieuw/", views.smart_goal_create, name="smartgoal-create"),
    path("effecten/", views.effect_list, name="effect-list"),
    path("effecten/<int:pk>/bewerken/", views.effect_edit, name="effect-edit"),
    path("effecten/<int:pk>/geschiedenis/", views.effect_history, name="effect-history"),
    path("smart-doelen/", views.smart_goal_list, name="smartgoal-list"),
    path("smart-doelen/<int:pk>/bewerken/", views.smart_goal_edit, name="smartgoal-edit"),
    path("smart-doelen/<int:pk>/geschiedenis/", views.smart_goal_history, name="smartgoal-history"),
    path("indicatoren/<int:pk>/bewerken/", views.indicator_edit, name="indicator-edit"),
    path("indicatoren/<int:pk>/geschiedenis/", views.indicator_history, name="indicator-history"),
]
