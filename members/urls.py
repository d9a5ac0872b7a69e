from django.urls import path

from .views import directory

app_name = "members"

urlpatterns = [
    path("directory/", directory.index, name="directory"),
    path("directory/<int:pk>/", directory.detail, name="organization"),
]
