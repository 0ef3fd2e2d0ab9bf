"""Accounts URLs, one module per place ellw/urls.py mounts them: the staff people page and
allauth's authenticator pages behind their guard."""
