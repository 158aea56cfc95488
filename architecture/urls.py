from django.urls import include, path

from architecture import views

app_name = "architecture"

urlpatterns = [
    path("bodies/", views.body_list, name="body-list"),
    path("bodies/<str:code>/", views.body_detail, name="body"),
    path("", include("architecture.plan_urls")),  # pages that maintain a body's obligations (H7)
]
