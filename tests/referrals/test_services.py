"""Submitting, accepting and declining, and the feedback that follows (services.py,
feedback.py): consents recorded, the trajectory started, only consented feedback sent."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from kwartier.core.errors import RuleError
from kwartier.methods import services as trajectories
from kwartier.privacy.models import Consent
from kwartier.referrals import services
from kwartier.referrals.models import Feedback, Referral
from tests.referrals.helpers import intake, make_referral, method

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def accept(referral, world, **kwargs):
    kwargs.setdefault("started_on", TODAY)
    return services.accept(referral, user=world.users["wijkwerker"], **kwargs)


# Intake --------------------------------------------------------------------------------


def test_intake_needs_an_address_or_a_phone(world):
    errors = services.check_intake(intake(world.welfare_org, postcode="", house_number=None))
    assert "adres" in errors["phone"]
    assert not services.check_intake(
        intake(world.welfare_org, postcode="", house_number=None, phone="06-12345678")
    )


def test_intake_needs_postcode_and_house_number_together(world):
    assert (
        "allebei"
        in services.check_intake(intake(world.welfare_org, house_number=None))["house_number"]
    )


def test_a_child_needs_a_representative(world):
    young = intake(world.welfare_org, birth_year=TODAY.year - 8)
    assert "vertegenwoordiger" in services.check_intake(young)["representative"]
    assert not services.check_intake({**young, "representative": "moeder, J. Jansen"})


def test_consent_cannot_lie_in_the_future_nor_the_birth_year(world):
    errors = services.check_intake(
        intake(
            world.welfare_org,
            consent_on=TODAY + datetime.timedelta(days=1),
            birth_year=TODAY.year + 1,
        )
    )
    assert set(errors) == {"consent_on", "birth_year"}


def test_a_method_of_another_organisation_is_refused(world):
    own = method()
    own.pk, own.organisation, own.code = None, world.other_welfare_org, "eigen-methode"
    own.save()
    errors = services.check_intake(intake(world.welfare_org, method=own))
    assert "organisatie" in errors["method"]


def test_submit_stores_a_new_referral_of_the_referrers_organisation(world, gp, gp_org):
    referral = make_referral(gp, world.welfare_org, postcode="1234ab")
    assert referral.status == Referral.Status.NIEUW
    assert referral.referrer_organisation == gp_org and referral.referred_by == gp
    assert referral.received_on == TODAY
    assert referral.postcode == "1234 AB"


# Candidates ----------------------------------------------------------------------------


def test_candidates_match_name_birth_year_and_postcode_in_scope(world, referral):
    worker = world.users["wijkwerker"]
    assert list(services.candidates(referral, worker)) == [world.in_area]
    referral.postcode = "9999 ZZ"
    assert not services.candidates(referral, worker).exists()


def test_candidates_never_include_residents_out_of_scope(world, gp):
    person = world.out_of_area  # same organisation, another wijk
    referral = make_referral(
        gp,
        world.welfare_org,
        family_name=person.family_name,
        birth_year=person.year_of_birth,
        postcode=person.household.postcode,
    )
    assert not services.candidates(referral, world.users["wijkwerker"]).exists()
    assert list(services.candidates(referral, world.users["coordinator"])) == [person]


# Accept --------------------------------------------------------------------------------


def test_accepting_an_existing_resident_records_consents_and_starts_the_trajectory(
    world, referral, gp_org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        accepted = accept(referral, world, person=world.in_area)
    assert accepted.status == Referral.Status.GEACCEPTEERD
    assert accepted.person == world.in_area and accepted.decided_on == TODAY
    trajectory = accepted.trajectory
    assert trajectory.method == referral.method and trajectory.person == world.in_area
    assert trajectory.worker == world.users["wijkwerker"]
    assert trajectory.source.startswith("verwijzing Huisartsenpraktijk")
    intake_consent = accepted.intake_consent
    assert intake_consent.organisation == world.welfare_org
    assert intake_consent.purpose.code == "doorverwijzing"
    assert set(intake_consent.categories.values_list("code", flat=True)) == {
        "contact",
        "hulpvraag",
    }
    feedback_consent = accepted.feedback_consent
    assert feedback_consent.organisation == gp_org
    assert feedback_consent.purpose.code == "terugkoppeling-verwijzer"
    assert list(feedback_consent.categories.values_list("code", flat=True)) == [
        "verwijzing-verloop"
    ]
    assert feedback_consent.valid_from == referral.consent_on
    (started,) = accepted.feedback.all()
    assert started.kind == Feedback.Kind.GESTART
    assert started.text.startswith(f"Gestart op {TODAY:%d-%m-%Y} bij Welzijn Testveen")
    assert "Contactpersoon: " + world.users["wijkwerker"].get_full_name() in started.text
    assert world.in_area.family_name not in started.text
    (message,) = mail.outbox
    assert message.to == ["huisarts@hap.example"]
    assert f"verwijzing {referral.pk}" in message.subject
    assert world.in_area.family_name not in message.body  # no resident in an e-mail
    started.refresh_from_db()
    assert started.emailed_at is not None and started.emailed_to == "huisarts@hap.example"


def test_accepting_a_new_resident_registers_them_at_the_address(world, gp):
    referral = make_referral(gp, world.welfare_org, postcode="5678 CD", house_number=3)
    accepted = accept(
        referral,
        world,
        address={"street": "Kerkstraat", "city": "Testveen", "buurt": world.areas.buurt},
    )
    person = accepted.person
    assert (person.given_name, person.family_name, person.birth_year) == (
        "Greet",
        "Verwijsma",
        1958,
    )
    assert person.organisation == world.welfare_org
    assert str(person.household) == "Kerkstraat 3, 5678 CD"
    assert person.household.buurt == world.areas.buurt


def test_a_new_resident_joins_a_known_household_at_the_same_address(world, gp):
    household = world.in_area_2.household
    referral = make_referral(
        gp, world.welfare_org, postcode=household.postcode, house_number=household.house_number
    )
    accepted = accept(referral, world)
    assert accepted.person.household == household
    assert accepted.person != world.in_area_2


def test_a_new_resident_without_an_address_has_no_household(world, gp):
    referral = make_referral(
        gp, world.welfare_org, postcode="", house_number=None, phone="06-11112222"
    )
    accepted = accept(referral, world)
    assert accepted.person.household is None and accepted.person.phone == "06-11112222"


def test_without_feedback_consent_the_referrer_hears_nothing_of_the_start(
    world, gp, django_capture_on_commit_callbacks
):
    referral = make_referral(gp, world.welfare_org, feedback_scope="geen")
    with django_capture_on_commit_callbacks(execute=True):
        accepted = accept(referral, world)
    assert accepted.feedback_consent is None
    assert not accepted.feedback.exists() and not mail.outbox


def test_a_referral_is_decided_once(world, referral):
    accept(referral, world)
    with pytest.raises(RuleError, match="al besloten"):
        accept(referral, world)
    with pytest.raises(RuleError, match="al besloten"):
        services.decline(referral, user=world.users["coordinator"], reason="doelgroep")


@pytest.mark.parametrize(("days", "message"), [(1, "toekomst"), (-3, "vóór de ontvangst")])
def test_the_start_date_lies_between_receipt_and_today(world, referral, days, message):
    with pytest.raises(RuleError, match=message):
        accept(referral, world, started_on=TODAY + datetime.timedelta(days=days))
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.NIEUW


def test_a_resident_of_another_organisation_cannot_be_linked(world, referral):
    with pytest.raises(RuleError, match="eigen organisatie"):
        accept(referral, world, person=world.other_org_person)
    assert not Consent.objects.filter(note__contains=f"verwijzing {referral.pk}").exists()


# The end of the trajectory --------------------------------------------------------------


def end(accepted, world, outcome="deelname", reason="afgerond"):
    return trajectories.end_trajectory(
        accepted.trajectory, TODAY, outcome, reason, world.users["wijkwerker"]
    )


def test_the_end_is_reported_with_only_what_the_consent_covers(
    world, referral, django_capture_on_commit_callbacks
):
    accepted = accept(referral, world, person=world.in_area)  # consent: verloop only
    with django_capture_on_commit_callbacks(execute=True):
        end(accepted, world)
    ended = accepted.feedback.get(kind=Feedback.Kind.BEEINDIGD)
    assert ended.text == f"Beëindigd op {TODAY:%d-%m-%Y}."
    assert mail.outbox[-1].to == ["huisarts@hap.example"]


def test_with_outcome_consent_the_end_names_reason_and_outcome(
    world, gp, django_capture_on_commit_callbacks
):
    referral = make_referral(gp, world.welfare_org, feedback_scope="uitkomst")
    accepted = accept(referral, world)
    with django_capture_on_commit_callbacks(execute=True):
        end(accepted, world)
    text = accepted.feedback.get(kind=Feedback.Kind.BEEINDIGD).text
    assert "Reden: Afgerond volgens plan." in text
    assert "Uitkomst: Neemt deel aan een activiteit." in text


def test_a_withdrawn_feedback_consent_stops_the_feedback(
    world, referral, django_capture_on_commit_callbacks
):
    accepted = accept(referral, world, person=world.in_area)
    accepted.feedback_consent.withdraw(world.users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        end(accepted, world)
    assert not accepted.feedback.filter(kind=Feedback.Kind.BEEINDIGD).exists()


def test_a_trajectory_without_referral_is_left_alone(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        trajectory = trajectories.start_trajectory(
            world.in_area, method(), world.users["wijkwerker"], TODAY
        )
        trajectories.end_trajectory(
            trajectory, TODAY, "deelname", "afgerond", world.users["wijkwerker"]
        )
    assert not Feedback.objects.exists() and not mail.outbox


# Decline -------------------------------------------------------------------------------


def test_declining_tells_the_referrer_the_reason(
    world, referral, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        declined = services.decline(
            referral,
            user=world.users["coordinator"],
            reason="geen-plek",
            note="Over drie maanden weer plek.",
        )
    assert declined.status == Referral.Status.AFGEWEZEN and declined.person is None
    (item,) = declined.feedback.all()
    assert item.text == (
        f"Afgewezen op {TODAY:%d-%m-%Y}: Geen plek (wachtlijst). "
        "Toelichting: Over drie maanden weer plek."
    )
    assert mail.outbox[0].to == ["huisarts@hap.example"]


def test_another_reason_needs_a_note_and_a_known_reason(world, referral):
    with pytest.raises(RuleError, match="toe") as error:
        services.decline(referral, user=world.users["coordinator"], reason="anders")
    assert error.value.field == "note"
    with pytest.raises(RuleError, match="reden"):
        services.decline(referral, user=world.users["coordinator"], reason="zomaar")


def test_a_failing_mail_server_keeps_the_feedback(
    world, referral, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.referrals.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(referral, user=world.users["coordinator"], reason="doelgroep")
    item = referral.feedback.get()
    assert item.emailed_at is None and item.emailed_to == ""


def test_without_an_e_mail_address_the_organisation_gets_it(
    world, gp, gp_org, django_capture_on_commit_callbacks
):
    gp.email = ""
    gp.save()
    referral = make_referral(gp, world.welfare_org)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(referral, user=world.users["coordinator"], reason="doelgroep")
    assert mail.outbox[0].to == [gp_org.email]
