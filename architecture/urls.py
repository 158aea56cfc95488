from django.urls import path

from architecture import views

app_name = "architecture"

urlpatterns = [
    path("bodies/", views.body_list, name="body-list"),
    path("bodies/<str:code>/", views.body_detail, name="body"),
]
