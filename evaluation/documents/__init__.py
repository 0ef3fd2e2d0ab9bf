"""The evaluation's generated documents: the influencing report's renderer and what it says."""
