"""The evaluation's forms, one module per concept, named as its views and services."""
