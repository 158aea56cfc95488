"""Addresses of the editing pages (issue #8), inside the language prefix (config/urls.py)."""

from django.urls import path

from catalog import edit_views, import_views

app_name = "catalog-edit"

urlpatterns = [
    path("databases/new/", edit_views.database_new, name="database-new"),
    path("databases/<str:identifier>/edit/", edit_views.database_edit, name="database-edit"),
    path("databases/<str:identifier>/tables/new/", edit_views.table_edit, name="table-new"),
    path("databases/<str:identifier>/tables/<int:table_id>/", edit_views.table_edit, name="table-edit"),
    path("databases/<str:identifier>/tables/<int:table_id>/delete/", edit_views.table_delete, name="table-delete"),
    path("databases/<str:identifier>/links/", edit_views.database_links, name="database-links"),
    path("databases/<str:identifier>/review/", edit_views.database_review, name="database-review"),
    path("reviews/", edit_views.review_queue, name="review-queue"),
    path("imports/new/", import_views.import_new, name="import-new"),
    path("imports/<int:job_id>/", import_views.import_job, name="import-job"),
]
