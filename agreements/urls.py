from django.urls import path

from agreements.views import chain, copying, lists

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
]
