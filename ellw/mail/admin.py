from django.contrib import admin

from .models import OutboundEmail

# What staff may see of an outbox row: the record, never the body (it carries working links).
METADATA_FIELDS = [
    "to",
    "reply_to",
    "subject",
    "template",
    "status",
    "attempts",
    "last_error",
    "message_id",
    "created_at",
    "claimed_at",
    "sent_at",
]


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["subject", "to"]
    fields = METADATA_FIELDS
    readonly_fields = METADATA_FIELDS

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body_text", "body_html")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
