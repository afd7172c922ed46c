"""The catalogue in Wagtail's pages API (`/api/v2/`).

``serializers`` is imported by the models (their ``api_fields``), so it stays free of the API
views; ``views`` holds the endpoints and filters that ``espace_site.api`` registers.
"""
