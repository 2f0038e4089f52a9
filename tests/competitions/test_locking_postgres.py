"""Rule 8 locks the competition row, and only that row: a bid must not queue behind (or deadlock with) work that
locks the competition's category, its buyer organisation or its owner, such as an operator suspending an
admission in the category (which locks the admission with its category, then the category's open competitions
to set bids aside).

Bids share that lock (FOR SHARE): different suppliers' bids do not wait for one another, but a bid and a change
to the competition (an amendment, a deadline change, closing: FOR UPDATE) still wait for each other."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError, connection, connections, transaction

from marketplace.accounts.models import Organisation, Role, User
from marketplace.competitions import services
from marketplace.competitions.models import Bid, BidRevision, Competition
from marketplace.competitions.services.common import database_now, lock
from marketplace.errors import DomainError
from marketplace.taxonomy.models import Category
from tests.competition_builder import answers_for, bid_draft, published, quick_admitted_suppliers
from tests.factories import BuyerOrganisationFactory, member

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


def holding(lock_rows):
    """Run lock_rows() in a transaction on another connection and keep it open until released."""
    locked, release, failed = threading.Event(), threading.Event(), []

    def hold():
        try:
            with transaction.atomic():
                lock_rows()
                locked.set()
                release.wait(10)
        except Exception as error:  # noqa: BLE001
            failed.append(error)
            locked.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(10) and not failed
    return release, thread


@pytest.mark.parametrize("other", ["category", "buyer", "owner"])
def test_rule_8_a_bid_locks_the_competition_row_only(reference_data, other):
    owner = member(BuyerOrganisationFactory(), Role.ADMIN, mfa=False)
    [(organisation, supplier)] = quick_admitted_suppliers(1, prefix="Lock")
    competition = published(owner)
    bid_draft(supplier, competition)
    rows = {
        "category": lambda: Category.objects.select_for_update().get(pk=competition.category_id),
        "buyer": lambda: Organisation.objects.select_for_update().get(pk=competition.buyer_id),
        "owner": lambda: User.objects.select_for_update().get(pk=competition.owner_id),
    }
    release, thread = holding(rows[other])
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            revision = services.bid_submit(actor=supplier, competition=competition, expected_edit_version=None)
    except OperationalError as error:
        pytest.fail(f"the bid waited for the {other} row: {error}")
    finally:
        release.set()
        thread.join()
    assert BidRevision.objects.get() == revision


def lock_timeout(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{value}'")


def test_rule_8_bids_of_different_suppliers_do_not_wait_for_each_other(reference_data):
    owner = member(BuyerOrganisationFactory(), Role.ADMIN, mfa=False)
    (_, first), (_, second) = quick_admitted_suppliers(2, prefix="Share")
    competition = published(owner)
    bid_draft(first, competition)
    bid_draft(second, competition)
    # The first supplier's submission is stored but its transaction is still open.
    release, thread = holding(
        lambda: services.bid_submit(actor=first, competition=competition, expected_edit_version=None)
    )
    try:
        with transaction.atomic():
            lock_timeout("2s")
            services.bid_submit(actor=second, competition=competition, expected_edit_version=None)
    except OperationalError as error:
        pytest.fail(f"the second supplier's bid waited for the first's: {error}")
    finally:
        release.set()
        thread.join()
    assert BidRevision.objects.count() == 2


def test_rule_8_a_change_to_the_competition_waits_for_a_bid_in_progress(reference_data):
    owner = member(BuyerOrganisationFactory(), Role.ADMIN, mfa=False)
    [(_, supplier)] = quick_admitted_suppliers(1, prefix="Wait")
    competition = published(owner)
    bid_draft(supplier, competition)
    release, thread = holding(
        lambda: services.bid_submit(actor=supplier, competition=competition, expected_edit_version=None)
    )
    try:
        with pytest.raises(OperationalError), transaction.atomic():
            lock_timeout("500ms")
            lock(competition)
    finally:
        release.set()
        thread.join()
    assert BidRevision.objects.count() == 1


def test_rule_8_a_bid_waiting_behind_a_deadline_change_is_judged_by_the_new_deadline(reference_data):
    owner = member(BuyerOrganisationFactory(), Role.ADMIN, mfa=False)
    [(_, supplier)] = quick_admitted_suppliers(1, prefix="Order")
    competition = published(owner)
    bid_draft(supplier, competition)

    def move_deadline_to_the_past():
        lock(competition)
        now = database_now()
        Competition.objects.filter(pk=competition.pk).update(
            submission_deadline=now - timedelta(seconds=1), clarification_deadline=now - timedelta(seconds=2)
        )

    release, thread = holding(move_deadline_to_the_past)
    threading.Timer(0.5, release.set).start()
    began = time.perf_counter()
    try:
        with pytest.raises(DomainError) as refused:
            services.bid_submit(actor=supplier, competition=competition, expected_edit_version=None)
    finally:
        release.set()
        thread.join()
    assert time.perf_counter() - began >= 0.4  # it waited for the change, then read the deadline it set
    assert refused.value.code == "deadline_passed"
    assert not BidRevision.objects.exists()


def test_rule_8_colleagues_starting_the_same_bid_at_once_share_one_bid(reference_data):
    owner = member(BuyerOrganisationFactory(), Role.ADMIN, mfa=False)
    [(organisation, first)] = quick_admitted_suppliers(1, prefix="Start")
    second = member(organisation, Role.MEMBER, mfa=False)
    competition = published(owner)
    barrier = threading.Barrier(2)
    failures = []

    def start(user):
        try:
            barrier.wait()
            services.bid_save_answers(actor=user, competition=competition, expected_edit_version=None,
                                      answers=answers_for(competition, text=f"Written by {user.pk}."))
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    bid = Bid.objects.get(competition=competition, supplier=organisation)
    assert bid.edit_version == 3  # created, then saved by each colleague in turn


def waiting_for_a_lock(connection_pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [connection_pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


def test_rule_3_a_suspension_waits_for_a_bid_in_progress_without_holding_the_suppliers_audit_stream(
    reference_data, operator
):
    """A bid holds its competition, then appends to the supplier's audit stream. A suspension in the category
    must take the competitions first: holding the stream while it waits for them would deadlock with the bid."""
    from marketplace.admission import services as admission
    from marketplace.admission.models import Admission
    from marketplace.audit.models import AuditStream
    from marketplace.competitions.services.common import lock_for_bid

    owner = member(BuyerOrganisationFactory(), Role.ADMIN, mfa=False)
    [(organisation, supplier)] = quick_admitted_suppliers(1, prefix="Order")
    competition = published(owner)
    bid_draft(supplier, competition)
    AuditStream.objects.get_or_create(key=organisation.audit_stream)

    release, bid_thread = holding(lambda: lock_for_bid(competition))  # a bid in progress, before its audit event
    suspension_pid, suspended, failed = [], threading.Event(), []

    def suspend():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                suspension_pid.append(cursor.fetchone()[0])
            admission.admission_suspend(actor=operator, admission=Admission.objects.get(organisation=organisation),
                                        reason="Insurance has lapsed")
            suspended.set()
        except Exception as error:  # noqa: BLE001 - reported below
            failed.append(error)
        finally:
            connections.close_all()

    suspension = threading.Thread(target=suspend)
    suspension.start()
    try:
        deadline = time.monotonic() + 10
        while not (suspension_pid and waiting_for_a_lock(suspension_pid[0])) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert suspension_pid and waiting_for_a_lock(suspension_pid[0]), "the suspension never waited for the bid"
        # The bid could still append its audit event: the waiting suspension does not hold the stream.
        with transaction.atomic():
            lock_timeout("1s")
            try:
                AuditStream.objects.select_for_update().get(key=organisation.audit_stream)
            except OperationalError as error:
                pytest.fail(f"the suspension held the supplier's audit stream while waiting: {error}")
    finally:
        release.set()
        bid_thread.join()
        suspension.join()
    assert failed == [] and suspended.is_set()
    assert Bid.objects.get(competition=competition, supplier=organisation).status == "set_aside"
