import pytest

from ellw import crypto


def test_encrypt_round_trips_and_hides_the_text():
    stored = crypto.encrypt("https://example.test/endorse/secret-token/")
    assert "secret-token" not in stored
    assert crypto.decrypt(stored) == "https://example.test/endorse/secret-token/"


def test_encrypt_keeps_empty_text_empty():
    assert crypto.encrypt("") == ""
    assert crypto.decrypt("") == ""


def test_decrypt_refuses_a_value_under_another_key(settings):
    stored = crypto.encrypt("secret")
    settings.ELLW_ENCRYPTION_KEYS = ["another key entirely"]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(stored)


def test_decrypt_accepts_an_older_key_after_rotation(settings):
    settings.ELLW_ENCRYPTION_KEYS = ["old key"]
    stored = crypto.encrypt("secret")
    settings.ELLW_ENCRYPTION_KEYS = ["new key", "old key"]
    assert crypto.decrypt(stored) == "secret"


def test_decrypt_refuses_plain_text():
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt("plain text")
