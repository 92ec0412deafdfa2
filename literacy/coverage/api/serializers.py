"""Shapes of ``GET /api/v1/coverage/``: read-only, from the roll-up tables."""

from __future__ import annotations

from rest_framework import serializers

from ..models.rollups import DAY_METRICS


class FiguresSerializer(serializers.Serializer):
    day = serializers.DateField()

    def get_fields(self):
        fields = super().get_fields()
        for metric in DAY_METRICS:
            fields[metric] = serializers.IntegerField()
        return fields


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    name = serializers.CharField()


class OutlookSerializer(serializers.Serializer):
    target = serializers.IntegerField()
    deadline = serializers.DateField()
    pace_per_week = serializers.FloatField(allow_null=True)
    needed_per_week = serializers.FloatField(allow_null=True)
    projected_on = serializers.DateField(allow_null=True)
    is_reached = serializers.BooleanField()
    is_off_track = serializers.BooleanField()
    days_late = serializers.IntegerField(allow_null=True)


class SegmentSerializer(serializers.Serializer):
    segment = serializers.CharField()
    adults = serializers.IntegerField(allow_null=True, help_text="null: fewer than 10, not shown")
    trained = serializers.IntegerField(allow_null=True)
    four_t_completers = serializers.IntegerField(allow_null=True)


class LessonFiguresSerializer(serializers.Serializer):
    lesson = serializers.CharField(help_text="the lesson's code")
    completions = serializers.IntegerField()


class PartSerializer(serializers.Serializer):
    area = AreaSerializer()
    target = serializers.IntegerField()
    latest = FiguresSerializer()


class CoverageSerializer(serializers.Serializer):
    area = AreaSerializer()
    as_of = serializers.DateTimeField(allow_null=True)
    latest = FiguresSerializer(allow_null=True)
    outlook = OutlookSerializer(allow_null=True)
    history = FiguresSerializer(many=True)
    segments = SegmentSerializer(many=True)
    lessons = LessonFiguresSerializer(many=True)
    parts = PartSerializer(many=True)
