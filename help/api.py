"""Serializer fields of the help pages' ``api_fields`` (imported by the models: no model or
API view imports here)."""

from rest_framework import serializers

from catalogue.api.serializers import LabelledChoiceField, WholeObjectField

from .choices import Region


class CorrespondentSerializer(serializers.Serializer):
    region = LabelledChoiceField(Region)
    name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)
    phone = serializers.CharField(read_only=True)


class CorrespondentsField(WholeObjectField):
    """The regional correspondents listed on the contacts page."""

    def to_representation(self, page):
        from .models import RegionalCorrespondent  # this module is imported by the models

        return CorrespondentSerializer(RegionalCorrespondent.objects.all(), many=True).data


class RegistrationUrlField(serializers.URLField):
    """The registration link, only while the webconference is upcoming (``null`` after)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        if not instance.is_upcoming or not instance.registration_url:
            return None
        return instance.registration_url
