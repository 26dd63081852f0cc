"""Serializers shared by the run, proposal and match endpoints."""

from __future__ import annotations

from rest_framework import serializers

from ..models import (
    Match,
    Proposal,
    UnmatchedRequest,
)


class UnmatchedSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnmatchedRequest
        fields = ["request", "code", "reason"]


class ProposalSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="request.person.public_id", read_only=True)
    waiting_days = serializers.IntegerField(source="request.waiting_days", read_only=True)
    helper_name = serializers.CharField(source="helper.name", read_only=True)
    internal = serializers.BooleanField(source="is_internal", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "run",
            "request",
            "person",
            "waiting_days",
            "helper",
            "helper_name",
            "internal",
            "score",
            "reasons",
            "status",
            "decided_by",
            "decided_at",
            "rejection_reason",
            "consent_confirmed",
            "consent_obtained",
            "consent_share_contact",
        ]
        read_only_fields = fields


class MatchSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="request.person.public_id", read_only=True)
    helper_name = serializers.CharField(source="helper.name", read_only=True)
    followup_due = serializers.BooleanField(source="is_followup_due", read_only=True)

    class Meta:
        model = Match
        fields = [
            "id",
            "request",
            "person",
            "helper",
            "helper_name",
            "status",
            "consent_basis",
            "consent_obtained",
            "share_contact",
            "started_on",
            "introduction_on",
            "followup_due_on",
            "followup_due",
            "followup_on",
            "followup_result",
            "followup_note",
            "ended_on",
            "end_reason",
            "end_outcome",
        ]
        read_only_fields = fields
