"""A password hasher that counts the hashes computed (``verify`` goes through ``encode``)."""

from django.contrib.auth.hashers import MD5PasswordHasher


class CountingMD5Hasher(MD5PasswordHasher):
    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)
