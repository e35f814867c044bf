from django.urls import path

from kvalitetsrapport import review, views
from kvalitetsrapport.wizard import PLACEHOLDER_FORMS, ReportWizard

app_name = "kvalitetsrapport"

wizard = ReportWizard.as_view(PLACEHOLDER_FORMS, url_name="kvalitetsrapport:wizard_step", done_step_name="klar")

urlpatterns = [
    path("", views.index, name="index"),
    path("omgang/<int:year>/", review.round_overview, name="round"),
    path("omgang/<int:year>/datum/", review.round_dates, name="round_dates"),
    path("omgang/<int:year>/anordnare/", review.round_providers, name="round_providers"),
    path("omgang/<int:year>/fokus/", review.focus_add, name="focus_add"),
    path("omgang/<int:year>/fokus/<int:question_id>/ta-bort/", review.focus_delete, name="focus_delete"),
    path("omgang/<int:year>/oppna/", review.round_open, name="round_open"),
    path("omgang/<int:year>/export.<str:fmt>", views.round_export, name="round_export"),
    path("kontakter/", views.contacts, name="contacts"),
    path("kontakter/<int:contact_id>/ta-bort/", views.contact_delete, name="contact_delete"),
    path("rapport/<int:report_id>/", views.report_detail, name="report"),
    path("rapport/<int:report_id>/utskrift/", views.print_report, name="print"),
    path("rapport/<int:report_id>/kommentar/", review.comment, name="comment"),
    path("rapport/<int:report_id>/returnera/", review.return_report, name="return"),
    path("rapport/<int:report_id>/godkann/", review.approve, name="approve"),
    path("rapport/<int:report_id>/steg/", wizard, name="wizard"),
    path("rapport/<int:report_id>/steg/<str:step>/", wizard, name="wizard_step"),
    path("bilagor/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
