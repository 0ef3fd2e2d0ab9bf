"""The cohorts app's URLs, one module per place ellw/urls.py mounts them."""
