"""Who may ask whether the service is up: anyone (a load balancer has no account). The
answer names no person, no version and nothing configured."""

import rules

rules.add_perm("health.view_health", rules.always_allow)
