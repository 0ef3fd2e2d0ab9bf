"""Cohort screens, one module per concept (as services/ and selectors/), staff, participant
and public screens of a concept together."""
