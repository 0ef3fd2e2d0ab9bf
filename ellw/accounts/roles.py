"""Staff roles. Each is a Django group created by a data migration."""

SP_MANAGERS = "SP managers"
PROGRAMME_LEADS = "Programme leads"
STAFF_ROLES = (SP_MANAGERS, PROGRAMME_LEADS)
