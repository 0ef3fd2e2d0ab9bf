"""The applications app's URLs, one module per place ellw/urls.py mounts them (the clinical
director's link pages, at /endorse/, are mounted there directly)."""
