"""Admin views of applications: for looking, not for changing state (services do that)."""

from django.contrib import admin

from .models import Application, ApplicationEvent, ApplicationNote, EndorsementRequest


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ApplicationEventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ["created_at", "actor_label", "from_status", "to_status", "description", "note"]
    readonly_fields = fields


class EndorsementRequestInline(ReadOnlyInline):
    model = EndorsementRequest
    fields = [
        "endorser_name",
        "endorser_email",
        "created_at",
        "expires_at",
        "superseded_at",
        "outcome",
        "decided_at",
    ]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["full_name", "cohort", "status", "submitted_at"]
    list_filter = ["cohort", "status", "place", "role"]
    search_fields = ["full_name", "work_email", "applicant__email"]
    list_select_related = ["cohort"]
    readonly_fields = [
        "applicant",
        "cohort",
        "status",
        "submitted_at",
        "waitlisted_at",
        "offer_expires_at",
    ]
    inlines = [EndorsementRequestInline, ApplicationEventInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ApplicationNote)
class ApplicationNoteAdmin(admin.ModelAdmin):
    list_display = ["application", "author", "created_at"]
    readonly_fields = ["application", "author", "created_at"]
