from django.contrib import admin

from .models import Cohort, Place, PrimaryCareNetwork, Role


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PrimaryCareNetwork)
class PrimaryCareNetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "place"]
    list_filter = ["place"]
    search_fields = ["name"]
    list_select_related = ["place"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "applications_open_on",
        "applications_close_on",
        "starts_on",
        "ends_on",
        "capacity",
    ]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["eligible_roles"]
    search_fields = ["name"]
