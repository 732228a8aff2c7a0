from django.urls import path

from agreements.views import chain, copying, editing, lists, workflow

app_name = "agreements"

urlpatterns = [
    path("kaders/<int:pk>/", chain.framework_overview, name="framework-overview"),
    path("effecten/<int:pk>/", chain.effect_detail, name="effect-detail"),
    path("smart-doelen/<int:pk>/", chain.smart_goal_detail, name="smartgoal-detail"),
    path("afspraken/", lists.agreement_list, name="agreement-list"),
    path("afspraken/<int:pk>/", lists.agreement_detail, name="agreement-detail"),
    path("opdrachten/", lists.assignment_list, name="assignment-list"),
    path("opdrachten/<int:pk>/", lists.assignment_detail, name="assignment-detail"),
    path("zoeken/", lists.search, name="search"),
    path("kaders/<int:pk>/kopieren/", copying.framework_copy, name="framework-copy"),
    path("afspraken/<int:pk>/kopieren/", copying.agreement_copy, name="agreement-copy"),
    path("afspraken/<int:pk>/bewerken/", editing.agreement_edit, name="agreement-edit"),
    path("afspraken/<int:pk>/geschiedenis/", editing.agreement_history, name="agreement-history"),
    path("afspraken/<int:pk>/status/", workflow.agreement_transition, name="agreement-transition"),
    path("afspraken/<int:pk>/wijziging/", workflow.amendment_start, name="amendment-start"),
    path("afspraken/wijzigingen/<int:pk>/", workflow.amendment_detail, name="amendment-detail"),
    path("opdrachten/<int:pk>/bewerken/", editing.assignment_edit, name="assignment-edit"),
    path("opdrachten/<int:pk>/geschiedenis/", editing.assignment_history, name="assignment-history"),
    path("prestatie-indicatoren/<int:pk>/bewerken/", editing.indicator_edit, name="indicator-edit"),
    path("prestatie-indicatoren/<int:pk>/geschiedenis/", editing.indicator_history, name="indicator-history"),
]
