"""REST API of the voting app: voting with a code and checking a receipt (anonymous,
rate-limited), vote codes, the voter register, paper entries, differences, turnout.

The same rules as the pages: workers of the round's organisation (declared per view,
checked by the project's permission), the register scoped like any resident list and
logged by the view mixin, counts only after voting has closed. Voting and the receipt
check are for anyone, signed in or not.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.response import Response
from rest_framework.views import APIView

from kwartier.budgets.models import Ballot, BudgetRound
from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.log import Action, log_event
from kwartier.core.access.lookup import MAX_ID
from kwartier.core.access.roles import FUNDER, MANAGERS, WORKERS, WORKERS_AND_FUNDER, has_role
from kwartier.core.api_errors import Conflict
from kwartier.core.errors import RuleError

from . import online, phase, register, throttle
from . import paper as double_entry
from .letters import LETTER
from .models import PaperBallot, PaperEntry, Voter
from .turnout import suppressed, turnout
from .views import ALREADY_VOTED, VOTER, voters_visible_to

REFUSED = "U heeft met deze rol geen toegang tot het stemmen."


class WorkersView(AccessViewMixin):
    """The workers' endpoints: declared roles (the organisation's workers by default)."""

    required_roles = WORKERS
    refused_message = write_refused_message = REFUSED


def own_round(user, pk):
    """A round of the user's organisation; another's is a 404 (it does not exist for them)."""
    rounds = BudgetRound.objects.filter(organisation_id=user.organisation_id)
    return get_object_or_404(rounds, pk=pk)


@extend_schema_field(OpenApiTypes.INT)
class RoundField(serializers.PrimaryKeyRelatedField):
    """A budget round of the caller's organisation, by id."""

    def get_queryset(self):
        user = self.context["request"].user
        return BudgetRound.objects.filter(organisation_id=getattr(user, "organisation_id", None))


class ChoicesField(serializers.DictField):
    """{initiative id: points}; approval ballots give 1 per chosen initiative."""

    child = serializers.IntegerField(min_value=0, max_value=10_000)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            choices = {int(key): points for key, points in value.items()}
        except ValueError:
            choices = {0: 0}
        if any(not 0 < key < MAX_ID for key in choices):  # a database id, not any number
            raise serializers.ValidationError("Gebruik de nummers van de initiatieven.")
        return choices


# Voting with a code (anonymous) ---------------------------------------------------------


class VoteSerializer(serializers.Serializer):
    round = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    code = serializers.CharField(max_length=30)
    choices = ChoicesField()


# The public endpoints refuse a client address after too many wrong codes (throttle.py).
TOO_MANY_TRIES = OpenApiResponse(description="Te vaak een verkeerde code: probeer het later.")


class VoteCreate(APIView):
    """Cast a ballot with a one-time vote code. Answers with the receipt only.

    Throttled on what matters, wrong codes per client address (throttle.py, kept in the
    database so that it holds across server processes)."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        request=VoteSerializer,
        responses={
            201: inline_serializer("VoteReceipt", {"receipt": serializers.CharField()}),
            429: TOO_MANY_TRIES,
        },
    )
    def post(self, request):
        data = VoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = throttle.client_key(request, "stemcode")
        if throttle.blocked(key):
            raise Throttled(detail=throttle.TOO_MANY)
        round = BudgetRound.objects.filter(pk=data.validated_data["round"]).first()
        if round is None or not phase.is_open(round):
            message = phase.not_open_message(round) if round else "Onbekende ronde."
            raise RuleError(message, field="round")
        try:
            ballot = online.cast_with_code(
                round, data.validated_data["code"], data.validated_data["choices"]
            )
        except DjangoValidationError as error:
            wrong_code = "code" in getattr(error, "error_dict", {})
            if wrong_code and not register.code_used(round, data.validated_data["code"]):
                throttle.record_failure(key)  # a guess; a used code sent again is none
            raise
        return Response({"receipt": ballot.receipt}, status=status.HTTP_201_CREATED)


class ReceiptCheck(APIView):
    """Whether a ballot with this receipt was counted; never what was chosen."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        responses={
            200: inline_serializer(
                "ReceiptStatus",
                {"receipt": serializers.CharField(), "counted": serializers.BooleanField()},
            ),
            429: TOO_MANY_TRIES,
        }
    )
    def get(self, request, receipt):
        key = throttle.client_key(request, "ontvangstcode")
        if throttle.blocked(key):
            raise Throttled(detail=throttle.TOO_MANY)
        code = receipt.strip().upper()[:20]
        if not Ballot.objects.filter(receipt=code).exists():
            throttle.record_failure(key)
            raise NotFound("Deze ontvangstcode is niet bekend.")
        return Response({"receipt": code, "counted": True})


# Vote codes and the voter register (workers) ---------------------------------------------


def letters_data(request, letters) -> list[dict]:
    """The new codes with name and address, for a mail merge; logged per letter (one answer
    holds many voters: no single subject for the view mixin to log)."""
    out = []
    for letter in letters:
        person = letter.voter.person
        household = person.household if person else None
        log_event(request, Action.EXPORT, LETTER, letter.voter)
        out.append(
            {
                "voter": letter.voter.pk,
                "name": person.full_name if person else "",
                "address": str(household) if household else "",
                "city": household.city if household else "",
                "code": letter.code,
            }
        )
    return out


class VoteCodeRequest(serializers.Serializer):
    round = RoundField()


class VoteCodes(WorkersView, APIView):
    """Make codes for everyone in the register without one; the codes are in this answer
    only (Kwartier keeps their hashes)."""

    required_roles = MANAGERS

    @extend_schema(request=VoteCodeRequest, responses={201: dict})
    def post(self, request):
        data = VoteCodeRequest(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        round = data.validated_data["round"]
        if phase.has_ended(round):
            raise DjangoValidationError({"round": "Het stemmen is gesloten."})
        letters = register.issue_missing(round)
        body = {"count": len(letters), "letters": letters_data(request, letters)}
        return Response(body, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})


class VoterSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.public_id", read_only=True, default=None)
    name = serializers.CharField(source="person.full_name", read_only=True, default="")
    address = serializers.SerializerMethodField()
    buurt = serializers.CharField(source="buurt.code", read_only=True)

    class Meta:
        model = Voter
        fields = [
            "id",
            "round",
            "person",
            "name",
            "address",
            "buurt",
            "age_group",
        ]
        # Not whether they voted, nor whether their code still works (a used code would
        # show it): nobody sees who voted (docs/voting.md).

    def get_address(self, voter) -> str:
        household = voter.person.household if voter.person else None
        return str(household) if household else ""


class VoterViewSet(WorkersView, viewsets.ReadOnlyModelViewSet):
    """The voter register, to find a resident for a lost letter or at the polling station.
    Shows nobody's vote: only marking a voter (mark-voted) answers that a code was used."""

    serializer_class = VoterSerializer
    log_object_type = VOTER
    log_actions = {"new_code": Action.CHANGE, "mark_voted": Action.CHANGE}
    search_fields = ["person__family_name", "person__given_name", "person__household__postcode"]
    filterset_fields = ["round"]
    ordering_fields = ["person__family_name", "pk"]

    def list(self, request, *args, **kwargs):
        # Searched, never listed whole: a full list would show who voted while voting is open.
        if not request.query_params.get("search", "").strip():
            raise DjangoValidationError({"search": "Zoek op naam of postcode (?search=...)."})
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Voter.objects.none()
        user = self.request.user
        rounds = BudgetRound.objects.filter(organisation_id=user.organisation_id)
        return voters_visible_to(user, rounds).order_by("pk")

    @extend_schema(
        request=None,
        responses={
            200: dict,
            400: OpenApiResponse(description="De kiezer heeft al gestemd of het stemmen is dicht."),
        },
    )
    @action(detail=True, methods=["post"], url_path="new-code")
    def new_code(self, request, pk=None, **kwargs):
        """A new code for a lost letter; the old code stops working."""
        voter = self.get_object()
        if phase.has_ended(voter.round):
            raise DjangoValidationError(
                "Het stemmen is gesloten: er komen geen stemcodes meer bij."
            )
        # Also for a voter who has voted (the new code is used up too): a refusal would
        # tell who voted.
        return Response(
            letters_data(request, register.issue([voter]))[0], headers={"Cache-Control": "no-store"}
        )

    @extend_schema(
        request=None,
        responses={
            200: VoterSerializer,
            400: OpenApiResponse(description="Het stemmen is niet open of de kiezer stemde al."),
        },
    )
    @action(detail=True, methods=["post"], url_path="mark-voted")
    def mark_voted(self, request, pk=None, **kwargs):
        """The resident votes on paper: their code is used up; no sheet is recorded."""
        voter = self.get_object()
        if not phase.is_open(voter.round):
            raise DjangoValidationError(phase.not_open_message(voter.round))
        if voter.voted:
            # The one place a worker learns a code was used: the voter stands before them.
            # A look at the record, though the answer is a 400, which the mixin leaves out.
            log_event(request, Action.READ, VOTER, voter)
            raise DjangoValidationError(ALREADY_VOTED)
        register.mark_voted(voter)
        return Response(VoterSerializer(voter).data)


# Paper ballots ---------------------------------------------------------------------------


class PaperEntrySerializer(serializers.Serializer):
    round = RoundField()
    number = serializers.IntegerField(min_value=1, max_value=10_000_000)
    choices = ChoicesField()


class PaperEntryViewSet(WorkersView, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A worker's entries of paper ballots: list (own entries only) and create."""

    filter_backends: list = []

    def get_serializer_class(self):
        return PaperEntrySerializer if self.action == "create" else PaperEntryOut

    def get_queryset(self):
        return PaperEntry.objects.filter(entered_by=self.request.user).select_related("paper")

    @extend_schema(request=PaperEntrySerializer, responses={201: dict})
    def create(self, request, **kwargs):
        data = PaperEntrySerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        round = data.validated_data["round"]
        if round.phase != BudgetRound.Phase.STEMMEN:
            raise DjangoValidationError({"round": "Invoeren kan alleen in de fase stemmen."})
        sheet = double_entry.enter(
            round, data.validated_data["number"], data.validated_data["choices"], request.user
        )
        return Response(
            {"number": sheet.number, "status": sheet.status}, status=status.HTTP_201_CREATED
        )


class PaperEntryOut(serializers.ModelSerializer):
    round = serializers.IntegerField(source="paper.round_id")
    number = serializers.IntegerField(source="paper.number")
    status = serializers.CharField(source="paper.status")

    class Meta:
        model = PaperEntry
        fields = ["id", "round", "number", "choices", "entered_at", "status"]


class PaperBallotSerializer(serializers.ModelSerializer):
    entries = serializers.SerializerMethodField()

    class Meta:
        model = PaperBallot
        fields = ["id", "round", "number", "status", "problem", "note", "resolved_at", "entries"]

    def get_entries(self, sheet) -> list[dict]:
        return [
            {"entered_by": e.entered_by.username, "choices": e.choices, "entered_at": e.entered_at}
            for e in sheet.entries.all()
        ]


class ResolveSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["first", "second", "choices", "invalid"])
    choices = ChoicesField(required=False)
    note = serializers.CharField(max_length=1000)

    def validate(self, data):
        if data["decision"] == "choices" and "choices" not in data:
            raise serializers.ValidationError({"choices": "Geef de gecorrigeerde keuzes."})
        return data


class PaperBallotViewSet(WorkersView, viewsets.ReadOnlyModelViewSet):
    """Paper ballots for coördinatoren: by default the flagged ones (?status=all: all)."""

    serializer_class = PaperBallotSerializer
    required_roles = MANAGERS
    filterset_fields = ["round"]
    search_fields: list = []
    ordering_fields = ["number"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return PaperBallot.objects.none()
        sheets = PaperBallot.objects.filter(
            round__organisation_id=self.request.user.organisation_id
        ).prefetch_related("entries__entered_by")
        if self.action == "list":
            if self.request.query_params.get("status") != "all":
                sheets = sheets.filter(status__in=PaperBallot.FLAGGED)
            else:  # all sheets of a round would count its paper votes: only after closing
                sheets = sheets.filter(round__phase__in=phase.AFTER_VOTING)
        return sheets.order_by("round", "number")

    @extend_schema(request=ResolveSerializer, responses={200: PaperBallotSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None, **kwargs):
        sheet = self.get_object()
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = data.validated_data["decision"]
        entries = list(sheet.entries.all())
        if decision in ("first", "second") and len(entries) < 2:
            raise DjangoValidationError({"decision": "Dit stembiljet heeft geen twee invoeren."})
        choices = {
            "first": entries[0].choices if entries else None,
            "second": entries[1].choices if len(entries) > 1 else None,
            "choices": data.validated_data.get("choices"),
            "invalid": None,
        }[decision]
        sheet = double_entry.resolve(
            sheet, choices=choices, note=data.validated_data["note"], user=request.user
        )
        return Response(PaperBallotSerializer(sheet).data)


# Turnout ---------------------------------------------------------------------------------


class Turnout(WorkersView, APIView):
    """Turnout per buurt and age group, once voting has closed, with counts under five as
    "<5" (and "x" where one could be worked back) for everyone: a small count in a buurt
    and age group could tell who voted."""

    required_roles = WORKERS_AND_FUNDER

    @extend_schema(
        responses={
            200: dict,
            409: OpenApiResponse(description="De uitslag is er nog niet."),
        }
    )
    def get(self, request, pk):
        user = request.user
        if has_role(user, FUNDER):  # any round: the gemeente funds them all
            rnd = get_object_or_404(BudgetRound, pk=pk)
        else:
            rnd = own_round(user, pk)
        if not phase.figures_visible(rnd):
            raise Conflict("De opkomst is pas te zien als de uitslag er is.")
        return Response({"round": rnd.pk, "rows": suppressed(turnout(rnd))})
