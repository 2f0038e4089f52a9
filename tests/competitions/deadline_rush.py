"""The deadline rush (rule 8, DESIGN section 7): suppliers submit bids concurrently across the deadline.

Shared by the PostgreSQL test (tests/competitions/test_deadline_rush_postgres.py) and the benchmark
(bench/deadline_rush.py). Needs a database that commits (a transactional test or a throwaway database): every
submission runs in a thread with its own connection.

What happens:
1. A competition is published through the services, which invites every supplier given (admitted to the AI
   category).
2. Each supplier's working copy is written, sealed as the bid services seal it (rows written directly, for
   speed: the bid services are exercised by the rush itself and by the rule tests). Every `twice_every`-th
   supplier has already submitted a first revision through `bid_submit`, and its working copy now holds a
   revised bid: in the rush it submits its second revision.
3. The deadline is set `lead` seconds ahead (by the database clock) and every supplier submits once, at
   moments spread evenly over `window` seconds, from `workers` threads, so the deadline falls inside the rush.
4. Every submission is checked against the database: what was accepted is stored intact (unsealed and
   compared, HMAC recomputed) with a received time before the deadline; nothing is stored at or after it;
   what was refused was refused for the deadline; the last accepted revision is the one that counts; and the
   owner, opening the bids after the deadline, gets exactly those.
"""

import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, connections

from marketplace.competitions import sealing, services
from marketplace.competitions.models import Bid, BidRevision, BidStatus, Competition, CriterionKind
from marketplace.competitions.services.bids import DRAFT, revision_purpose
from marketplace.competitions.services.common import database_now
from marketplace.errors import DomainError


@dataclass
class Attempt:
    supplier: int  # index into the suppliers
    number: int  # the revision number it would be: 2 for a supplier revising an earlier submission
    text: str
    price_pence: int
    rush: bool = True  # False: the earlier revision, submitted before the rush
    at: float = 0.0  # seconds after the rush began when it was due
    accepted: bool = False
    revision: int | None = None
    code: str = ""
    error: str = ""  # anything but a clean acceptance or a refusal for the deadline: a lost bid
    elapsed_ms: float | None = None  # the bid_submit call, including the wait for the competition's lock
    started_late_ms: float = 0.0  # how long after its due moment a free thread began it (client-side queueing)
    intact: bool | None = None  # accepted: stored, before the deadline, exactly as sent


@dataclass
class RushResult:
    suppliers: int
    workers: int
    deadline: object
    attempts: list[Attempt]
    problems: list[str] = field(default_factory=list)
    late_accepted: int = 0  # revisions stored with a received time at or after the deadline
    opened: int = 0  # bids the owner opened after the deadline

    @property
    def in_rush(self) -> list[Attempt]:
        return [a for a in self.attempts if a.rush]

    @property
    def attempted(self) -> int:
        return len(self.in_rush)

    @property
    def accepted(self) -> int:
        return sum(1 for a in self.in_rush if a.accepted)

    @property
    def refused(self) -> int:
        return sum(1 for a in self.in_rush if not a.accepted and not a.error)

    @property
    def lost(self) -> int:
        """Submissions that failed other than for the deadline, or were accepted but are not stored intact."""
        return sum(1 for a in self.attempts if a.error or (a.accepted and not a.intact))

    @property
    def timings_ms(self) -> list[float]:
        return [a.elapsed_ms for a in self.in_rush if a.elapsed_ms is not None]

    def percentile(self, fraction: float, values=None) -> float:
        ordered = sorted(self.timings_ms if values is None else values)
        return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] if ordered else 0.0


def _content(competition, text: str, price_pence: int) -> dict:
    answers = {str(c.pk): text for c in competition.criteria.exclude(kind=CriterionKind.PRICE)}
    return {"answers": answers, "price_pence": price_pence,
            "price_breakdown": [{"item": "Delivery", "pence": price_pence}], "price_note": "", "attachments": []}


def _in_threads(tasks, workers: int, *, started) -> None:
    """Run `tasks` in order on `workers` threads, each with its own database connection (closed when it ends).
    Once every thread has connected, `started()` runs, then the tasks begin."""
    lock = threading.Lock()
    queue = list(reversed(tasks))
    ready = threading.Barrier(workers + 1, action=started)

    def work():
        try:
            connection.ensure_connection()
            ready.wait()
            while True:
                with lock:
                    if not queue:
                        return
                    task = queue.pop()
                task()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    ready.wait()
    for thread in threads:
        thread.join()


def run(owner, people, *, workers: int = 40, lead: float = 1.5, window: float = 3.0,
        twice_every: int = 5) -> RushResult:
    """`owner` is a verified buyer's user; `people` are [(organisation, user)] admitted to the AI category."""
    from tests.competition_builder import published

    competition = published(owner)
    assert competition.invitations.count() == len(people), "every supplier should have been invited"

    attempts: list[Attempt] = []
    earlier: list[tuple[Attempt, object]] = []
    bids = []
    for index, (organisation, user) in enumerate(people):
        final = Attempt(index, 1, f"Supplier {index}: our approach.", 5_000_000 + index)
        draft = final
        if twice_every and index % twice_every == 0:
            draft = Attempt(index, 1, f"Supplier {index}: our first approach.", 6_000_000 + index, rush=False)
            final = Attempt(index, 2, f"Supplier {index}: our revised approach.", 4_000_000 + index)
            earlier.append((draft, user))
            attempts.append(draft)
        attempts.append(final)
        bids.append(Bid(competition=competition, supplier=organisation, updated_by=user,
                        sealed_draft=sealing.seal_json(competition, organisation.pk, DRAFT,
                                                       _content(competition, draft.text, draft.price_pence))))
    Bid.objects.bulk_create(bids)
    # The earlier revisions go through the service; then the working copy holds the revised bid.
    for attempt, user in earlier:
        revision = services.bid_submit(actor=user, competition=competition, expected_edit_version=None)
        attempt.accepted, attempt.revision = True, revision.number
        final = next(a for a in attempts if a.rush and a.supplier == attempt.supplier)
        organisation = people[attempt.supplier][0]
        Bid.objects.filter(competition=competition, supplier=organisation).update(
            sealed_draft=sealing.seal_json(competition, organisation.pk, DRAFT,
                                           _content(competition, final.text, final.price_pence))
        )

    # Due moments, evenly spaced over the window in supplier order (so the revising suppliers are spread too).
    rush = [a for a in attempts if a.rush]
    for attempt in rush:
        attempt.at = window * attempt.supplier / max(1, len(people) - 1)
    clock = {}

    def started():
        clock["t0"] = time.perf_counter()
        clock["deadline"] = database_now() + timedelta(seconds=lead)
        Competition.objects.filter(pk=competition.pk).update(
            submission_deadline=clock["deadline"], clarification_deadline=clock["deadline"] - timedelta(seconds=1)
        )

    def task_for(attempt: Attempt):
        user = people[attempt.supplier][1]

        def task():
            delay = clock["t0"] + attempt.at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            attempt.started_late_ms = max(0.0, -delay * 1000)
            began = time.perf_counter()
            try:
                revision = services.bid_submit(actor=user, competition=competition, expected_edit_version=None)
            except DomainError as error:
                attempt.code = error.code
                if error.code != "deadline_passed":
                    attempt.error = f"{error.code}: {error.message}"
            except Exception as error:  # noqa: BLE001 - anything else is a lost bid, reported
                attempt.error = f"{type(error).__name__}: {error}"
            else:
                attempt.accepted, attempt.revision = True, revision.number
            attempt.elapsed_ms = (time.perf_counter() - began) * 1000

        return task

    _in_threads([task_for(a) for a in sorted(rush, key=lambda a: a.at)], workers, started=started)

    result = RushResult(suppliers=len(people), workers=workers, deadline=clock["deadline"], attempts=attempts)
    _check(result, competition, people)
    return result


def _check(result: RushResult, competition, people) -> None:
    competition = Competition.objects.get(pk=competition.pk)
    deadline = result.deadline
    problems = result.problems
    stored = {
        (r.bid.supplier_id, r.number): r
        for r in BidRevision.objects.filter(bid__competition=competition).select_related("bid")
    }
    accepted_keys = set()
    for attempt in result.attempts:
        organisation = people[attempt.supplier][0]
        if attempt.error:
            problems.append(f"lost: supplier {attempt.supplier} revision {attempt.number}: {attempt.error}")
            continue
        if not attempt.accepted:
            continue
        key = (organisation.pk, attempt.revision)
        accepted_keys.add(key)
        revision = stored.get(key)
        if revision is None:
            attempt.intact = False
            problems.append(f"lost: supplier {attempt.supplier} revision {attempt.revision} accepted, not stored")
            continue
        content = sealing.unseal_json(competition, organisation.pk, revision_purpose(revision.number),
                                      revision.sealed_content)
        attempt.intact = (
            attempt.revision == attempt.number
            and set(content["answers"].values()) == {attempt.text}
            and content["price_pence"] == attempt.price_pence
            and revision.content_hmac == sealing.content_hmac(content)
        )
        if not attempt.intact:
            problems.append(f"lost: supplier {attempt.supplier} revision {attempt.revision} is not what was sent")
    for key, revision in stored.items():
        if key not in accepted_keys:
            problems.append(f"stray: revision {key} is stored but was never reported accepted")
        if revision.received_at >= deadline:
            result.late_accepted += 1
            problems.append(f"late: revision {key} received {revision.received_at.isoformat()}, "
                            f"deadline {deadline.isoformat()}")

    # The last accepted revision is the one that counts.
    bids = {bid.supplier_id: bid for bid in Bid.objects.filter(competition=competition)}
    counted = {}
    for index, (organisation, _) in enumerate(people):
        mine = [a for a in result.attempts if a.supplier == index and a.accepted]
        bid = bids[organisation.pk]
        if not mine:
            if bid.status != BidStatus.DRAFT or bid.revision != 0:
                problems.append(f"stray: supplier {index} had nothing accepted but its bid is {bid.status}")
            continue
        last = max(mine, key=lambda a: a.revision)
        if bid.status != BidStatus.SUBMITTED or bid.revision != last.revision or len(mine) != bid.revision:
            problems.append(f"wrong: supplier {index} counts revision {bid.revision}, not {last.revision}")
        counted[organisation.pk] = last

    # What the owner opens after the deadline is exactly the last accepted revision of each supplier.
    remaining = (deadline - database_now()).total_seconds()
    if remaining > 0:
        time.sleep(remaining + 0.05)
    opened = services.competition_open_bids(actor=competition.owner, competition=competition)
    result.opened = len(opened)
    if {o.supplier_id for o in opened} != set(counted):
        problems.append(f"wrong: opened {len(opened)} bids, expected {len(counted)}")
    for bid in opened:
        expected = counted.get(bid.supplier_id)
        if expected and (bid.revision != expected.revision or bid.content["price_pence"] != expected.price_pence):
            problems.append(f"wrong: supplier organisation {bid.supplier_id} opened revision {bid.revision}")
