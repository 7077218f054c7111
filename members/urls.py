from django.urls import path

from . import downloads, views

app_name = "members"

urlpatterns = [
    path("members/", views.organisation_list, name="organisation-list"),
    path("members/download.<str:format>", downloads.organisation_download,
         name="organisation-download"),
    path("members/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("countries/", views.country_list, name="country-list"),
    path("countries/<slug:code>/", views.country_detail, name="country-detail"),
    path("people/", views.person_list, name="person-list"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
]
