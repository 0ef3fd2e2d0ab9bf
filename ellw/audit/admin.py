"""The audit trail in the admin: read only, for anyone the admin lets see it; nothing can be
added, changed or deleted there."""

from django.contrib import admin

from .models import AuditEntry

if admin.site.is_registered(AuditEntry):  # auditlog registers its own admin for the model
    admin.site.unregister(AuditEntry)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["timestamp", "event", "object_repr", "actor_email", "remote_addr", "cid"]
    list_filter = ["event"]
    search_fields = ["object_repr", "actor_email", "cid"]
    date_hierarchy = "timestamp"
    list_select_related = ["content_type"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
