"""Addresses of the conformance assessment and security posture pages (catalog.assessment_views),
inside the language prefix (config/urls.py)."""

from django.urls import path

from catalog import assessment_views as views

app_name = "catalog-assess"

urlpatterns = [
    path("bodies/<str:code>/assessments/", views.body_assessments, name="body-assessments"),
    path("bodies/<str:code>/assessments/new/", views.body_assessment_new, name="body-assessment-new"),
    path("databases/<str:identifier>/assessments/", views.database_assessments, name="database-assessments"),
    path("databases/<str:identifier>/assessments/new/", views.database_assessment_new,
         name="database-assessment-new"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/edit/", views.assessment_edit, name="assessment-edit"),
    path("assessments/<int:pk>/evidence/<int:answer_id>/", views.evidence_file, name="evidence-file"),
    path("assessments/<int:pk>/finalize/", views.assessment_finalize, name="assessment-finalize"),
    path("databases/<str:identifier>/security/", views.security_posture, name="security"),
    path("databases/<str:identifier>/security/approvals/new/", views.security_approval_new,
         name="security-approval-new"),
    path("databases/<str:identifier>/security/assessments/new/", views.security_assessment_new,
         name="security-assessment-new"),
    path("databases/<str:identifier>/security/incidents/new/", views.security_incident_new,
         name="security-incident-new"),
    path("databases/<str:identifier>/security/incidents/<int:incident_id>/", views.security_incident_edit,
         name="security-incident-edit"),
]
