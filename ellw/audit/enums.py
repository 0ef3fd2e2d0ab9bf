from django.db import models


class AuditEvent(models.TextChoices):
    """What a row of the audit trail records, in the programme's words. Staff actions on
    personal data and changes to roles, plus staff log-ins and the people's own requests
    about their data."""

    # applications
    APPLICATION_VIEWED = "application.viewed", "Looked at an application"
    APPLICATION_STATUS_CHANGED = "application.status_changed", "Changed an application's status"
    APPLICATIONS_EXPORTED = "applications.exported", "Exported applications (CSV)"
    APPLICATION_NOTE_ADDED = "application.note_added", "Added a note to an application"
    # graduation
    GRADUATED = "enrolment.graduated", "Graduated a participant"
    GRADUATION_UNDONE = "enrolment.graduation_undone", "Undid a graduation"
    # attendance
    REGISTER_SAVED = "attendance.register_saved", "Saved a session's register"
    # certificates
    CERTIFICATE_ISSUED = "certificate.issued", "Issued a certificate"
    CERTIFICATE_REISSUED = "certificate.reissued", "Reissued a certificate"
    CERTIFICATE_REVOKED = "certificate.revoked", "Revoked a certificate"
    # testimonials
    TESTIMONIAL_EDITED = "testimonial.edited", "Corrected a testimonial's words"
    TESTIMONIAL_STATUS_CHANGED = "testimonial.status_changed", "Decided on a testimonial"
    # generated documents: certificates, print runs, influencing reports
    DOCUMENT_DOWNLOADED = "document.downloaded", "Downloaded a document"
    # roles and sign-in
    ROLE_GRANTED = "role.granted", "Gave a staff role"
    ROLE_REMOVED = "role.removed", "Took a staff role away"
    ACCOUNT_CHANGED = "account.changed", "Changed an account's access"
    STAFF_LOGGED_IN = "staff.logged_in", "Staff log-in"
    STAFF_LOGIN_FAILED = "staff.login_failed", "Failed staff log-in"
    STAFF_CODE_FAILED = "staff.code_failed", "Wrong authenticator code entered by staff"
    AUTHENTICATOR_ADDED = "authenticator.added", "Set up an authenticator"
    AUTHENTICATOR_REMOVED = "authenticator.removed", "Turned an authenticator off"
    AUTHENTICATOR_RESET = "authenticator.reset", "Made new recovery codes"
    # people's rights and retention
    SUBJECT_ACCESS = "person.subject_access", "Produced everything held about a person"
    ERASURE_REQUESTED = "person.erasure_requested", "Asked for erasure"
    ERASURE_REFUSED = "person.erasure_refused", "Refused a request for erasure"
    ERASED = "person.erased", "Erased a person"
    RETENTION_PURGED = "retention.purged", "Deleted or anonymised data past its retention"
    # the trail itself
    AUDIT_EXPORTED = "audit.exported", "Exported the audit log (CSV)"
    # a registered model changed outside any of the above (the admin, the shell)
    RECORD_CREATED = "record.created", "Created a record"
    RECORD_CHANGED = "record.changed", "Changed a record"
    RECORD_DELETED = "record.deleted", "Deleted a record"
