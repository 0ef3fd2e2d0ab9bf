"""The evaluation's screens, one module per concept (staff, participant and public alike)."""
