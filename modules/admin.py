from django.contrib import admin

from .models import Module


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "default_cpd_hours"]
    list_display_links = ["name"]
    prepopulated_fields = {"slug": ["name"]}
