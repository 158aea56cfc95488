"""Addresses of the pages that maintain a body's obligations (architecture.plan_views), in the
"architecture" namespace (included from architecture/urls.py)."""

from django.urls import path

from architecture import plan_views

urlpatterns = [
    path("bodies/<str:code>/plans/", plan_views.plans_overview, name="plans"),
    path("bodies/<str:code>/plans/strategies/new/", plan_views.strategy_edit, name="strategy-new"),
    path("bodies/<str:code>/plans/strategies/<int:strategy_id>/", plan_views.strategy_edit, name="strategy-edit"),
    path("bodies/<str:code>/plans/milestones/<int:milestone_id>/", plan_views.milestone_edit, name="milestone-edit"),
    path("bodies/<str:code>/plans/architectures/new/", plan_views.architecture_edit, name="architecture-new"),
    path("bodies/<str:code>/plans/architectures/<int:architecture_id>/", plan_views.architecture_edit,
         name="architecture-edit"),
    path("bodies/<str:code>/plans/chief-engineers/appoint/", plan_views.engineer_appoint, name="engineer-appoint"),
    path("bodies/<str:code>/plans/<str:kind>/<int:entry_id>/delete/", plan_views.entry_delete, name="plan-delete"),
]
