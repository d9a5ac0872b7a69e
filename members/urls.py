from django.urls import path

from .views import directory, join

app_name = "members"

urlpatterns = [
    path("directory/", directory.index, name="directory"),
    path("directory/<int:pk>/", directory.detail, name="organization"),
    # Joining online (journey 1).
    path("join/", join.join, name="join"),
    path("join/<slug:kind>/", join.join_start, name="join_start"),
    path("applications/<int:pk>/", join.application, name="application"),
    path("applications/<int:pk>/licence/", join.application_licence, name="application_licence"),
    path("verify/", join.verify, name="verify_lookup"),
    path("verify/<str:number>/", join.verify, name="verify"),
]
