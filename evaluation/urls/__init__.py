"""The evaluation's URL modules, one per mount point: staff, surveys, testimonials, alumni."""
