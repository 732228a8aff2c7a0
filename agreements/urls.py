from django.urls import path

from agreements.views import attachments, bulk, chain, copying, editing, lists, portal, review, workflow

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
    path("portaal/", portal.portal_home, name="portal-home"),
    path("portaal/<int:period_pk>/excel/", bulk.bulk_template, name="bulk-template"),
    path("portaal/<int:period_pk>/excel/inlezen/", bulk.bulk_upload, name="bulk-upload"),
    path("rapportages/<int:assignment_pk>/<int:period_pk>/", portal.report_entry, name="report-entry"),
    path(
        "rapportages/<int:assignment_pk>/<int:period_pk>/beoordelen/",
        portal.report_review,
        name="report-review",
    ),
    path(
        "rapportages/<int:assignment_pk>/<int:period_pk>/heropenen/",
        portal.report_reopen,
        name="report-reopen",
    ),
    path(
        "rapportages/<int:assignment_pk>/<int:period_pk>/opmerking/",
        portal.report_comment,
        name="report-comment",
    ),
    path(
        "rapportages/<int:assignment_pk>/<int:period_pk>/geschiedenis/",
        portal.report_history,
        name="report-history",
    ),
    path("beoordelen/", review.review_queue, name="review-queue"),
    path("kaders/<int:pk>/periodes/", review.period_list, name="period-list"),
    path("periodes/<int:pk>/", review.period_status, name="period-status"),
    path("periodes/<int:pk>/bewerken/", review.period_edit, name="period-edit"),
    path("periodes/<int:pk>/open-dicht/", review.period_toggle, name="period-toggle"),
    path(
        "rapportages/<int:assignment_pk>/<int:period_pk>/bijlagen/",
        attachments.attachment_add,
        name="attachment-add",
    ),
    path("bijlagen/<int:pk>/", attachments.attachment_download, name="attachment-download"),
    path("bijlagen/<int:pk>/verwijderen/", attachments.attachment_delete, name="attachment-delete"),
]
