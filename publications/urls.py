from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/new/", views.submission_create, name="submission_create"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/revise/", views.submission_revise, name="submission_revise"),
    path("standards/<int:page_id>/comment/", views.comment_create, name="comment_create"),
    path("standards/<int:page_id>/comment/thanks/", views.comment_thanks, name="comment_thanks"),
    path("bulletins/<int:page_id>/pdf/", views.bulletin_pdf, name="bulletin_pdf"),
]
