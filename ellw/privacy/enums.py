from django.db import models


class ErasureStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for the programme lead"
    ERASED = "erased", "Erased"
    REFUSED = "refused", "Refused"
