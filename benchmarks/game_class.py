"""A class playing the training game: 30 participants in 6 teams submit and edit chains at once
for two minutes, against a SQLite file and a throwaway PostgreSQL server, through the write path
the Play page uses (`dashboard.web.game_submit`), plus a few real browser sessions on the app.

    python benchmarks/game_class.py [--db sqlite|postgresql|both] [--seconds 120]
                                    [--participants 30] [--teams 6] [--browsers 3] [--seed 1]
                                    [--think 2 8]

Each room plays the bundled Leningrad dataset with every enterprise in play (deck "all": random
decks of 10 give 0-4 matcher candidates a team, too few for 5 players), one round long enough
for the run. Each participant is a thread that thinks (a pause drawn uniformly from 2-8 s by
its own `random.Random(seed, participant)`: choosing a giver, a material, a receiver and a
quantity on a phone takes a person several seconds; `--think 0.5 3` is a stress run) and then
does one action, after reading its team's chains as its page does:

- 55 %: add a link (a matcher candidate of its deck, at 1 % of the candidate's quantity) to a
  new chain, or, two times in three when the team has a chain with room, to one of its team's
  chains it connects to (so teammates edit one chain at once);
- 45 %: add a difficulty to one of the team's chains (a link when it has none yet);
- after either, one time in ten, the same request again with the same submission key at once
  (a double click or a retry): it must not be applied twice.

Every other request has a fresh submission key. Each link's quantity carries a tiny factor of
its own (1 + n * 1e-6) and each difficulty's text its key, so every stored link and difficulty
names the one submission that made it. At the end the room's chains are read back:
made = answers with a stored chain; stored = accepted additions found once; lost = accepted but
not found; duplicated = found more than once (or in two chains); refused answers (by code) are
not losses. Latency is the wall time of each `game_submit` call (p50/p95/max), beside an anchor
measured in the same process: the median of one `store.teams` read of the quiet room.

With `--browsers N` the app runs (`streamlit run`, 127.0.0.1 only) on the same database and N
headless Chromium sessions join as extra teams during the load and add one link each through
the page; each reports its time from opening the page to its first link stored.

Everything stays on 127.0.0.1 and in temporary folders, removed afterwards. Exit status 1 when a
link or difficulty was lost or duplicated.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from dashboard.analysis.matching import find_candidates  # noqa: E402
from dashboard.domain.game import (  # noqa: E402
    DECK_ALL,
    DIFFICULTIES_MAX,
    DIFFICULTY_CATEGORIES,
    LINKS_MAX,
    Difficulty,
    GameChain,
    Link,
    RoomSettings,
)
from dashboard.domain.reference import DATASETS_DIR  # noqa: E402
from dashboard.game import rounds  # noqa: E402
from dashboard.game.deck import deal, deck_dataset  # noqa: E402
from dashboard.game.links import pair_index  # noqa: E402
from dashboard.io.datasets import load_path  # noqa: E402
from dashboard.store import rooms as store  # noqa: E402
from dashboard.web import game_submit  # noqa: E402

P_DIFFICULTY = 0.45
P_EXISTING = 2 / 3
P_RESEND = 0.1
THINK_S = (2.0, 8.0)
SHARE = 0.01
"""A link's quantity: this share of the candidate's quantity, so most links fit."""
ANCHOR_READS = 50
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
BROWSER_TIMEOUT_MS = 90_000
SERVER_START_S = 90


# -- what happened ----------------------------------------------------------------------------


@dataclass
class Ledger:
    """Every call's latency and answer, and each submission's fate (shared by the threads)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)
    """When each call ended (perf_counter), to split the latencies at the browsers' end."""
    sent: int = 0
    resends: int = 0
    made: int = 0
    refusals: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    links: dict[str, tuple[str, Link]] = field(default_factory=dict)
    """submission -> (team id, link) of every link sent."""
    difficulties: dict[str, tuple[str, Difficulty]] = field(default_factory=dict)
    resent: set[str] = field(default_factory=set)
    accepted: set[str] = field(default_factory=set)
    """Submissions some answer returned a stored chain for."""
    wrong_answers: int = 0
    """Answers with a chain that lacks what was asked (should be 0)."""


def record(ledger: Ledger, submission: str, seconds: float, outcome, error, resend: bool,
           wanted) -> None:  # fmt: skip
    with ledger.lock:
        ledger.sent += 1
        ledger.resends += resend
        if resend:
            ledger.resent.add(submission)
        ledger.latencies.append(seconds)
        ledger.ends.append(time.perf_counter())
        if error is not None:
            ledger.errors[type(error).__name__] += 1
        elif outcome.chain is not None:
            ledger.made += 1
            ledger.accepted.add(submission)
            if not wanted(outcome.chain):
                ledger.wrong_answers += 1
        elif outcome.refusal is not None:
            ledger.refusals[f"rule:{outcome.refusal.code}"] += 1
        else:
            ledger.refusals[outcome.code or "?"] += 1


# -- the class --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamSeat:
    name: str
    player: game_submit.Player
    candidates: tuple[tuple[str, str, str, str, float], ...]
    """(giver, receiver, material, unit, quantity) of the matcher's candidates in its deck."""


def candidates_of(dataset, deck) -> tuple[tuple[str, str, str, str, float], ...]:
    found = find_candidates(deck_dataset(dataset, deck))
    return tuple(
        (str(r.source_company), str(r.target_company), str(r.have_material), str(r.unit),
         float(r.quantity))
        for r in found.itertuples(index=False) if float(r.quantity) > 0
    )  # fmt: skip


def open_room(url: str, dataset, seconds: float, teams: int):
    minutes = int(seconds // 60) + 30
    settings = RoomSettings("leningrad", DECK_ALL, (), 10, rounds=1, round_minutes=minutes, seed=1)
    room, key = store.create_room(settings, url=url)
    room = store.set_status(room.id, key, rounds.start(room.status, settings, datetime.now(UTC)),
                            url=url)  # fmt: skip
    seats = []
    for i in range(teams):
        team, token = store.join_team(room.id, f"Team {i + 1}", url=url)
        deck = deal(dataset, settings, team.id)
        player = game_submit.Player(room.code, token, team.id, dataset, deck, url=url)
        seats.append(TeamSeat(team.name, player, candidates_of(dataset, deck)))
    return room, key, seats


SEQUENCE = itertools.count(1)


def participant(index: int, seat: TeamSeat, room_id: str, seed: int, stop: threading.Event,
                ledger: Ledger, think: tuple[float, float] = THINK_S) -> None:  # fmt: skip
    rng = random.Random(f"{seed}:{index}")
    player, url = seat.player, seat.player.url
    made_chains = 0
    while not stop.wait(rng.uniform(*think)):
        try:
            chains = store.chains(room_id, team_id=player.team_id, url=url)
        except Exception as error:  # the page's read failed: count it, think again
            with ledger.lock:
                ledger.errors[f"read:{type(error).__name__}"] += 1
            continue
        submission = uuid.uuid4().hex
        with_room = [c for c in chains if len(c.difficulties) < DIFFICULTIES_MAX]
        if chains and with_room and rng.random() < P_DIFFICULTY:
            chain = rng.choice(with_room)
            difficulty = Difficulty(rng.choice(DIFFICULTY_CATEGORIES), f"bench {submission}")

            def change(room, chains, chain, difficulty=difficulty):
                return chain.links, [*chain.difficulties, difficulty]

            def call(chain=chain, change=change, submission=submission):
                return game_submit.edit(player, chain.id, submission, change)

            def wanted(stored: GameChain, difficulty=difficulty) -> bool:
                return difficulty in stored.difficulties

            with ledger.lock:
                ledger.difficulties[submission] = (player.team_id, difficulty)
        else:
            chain, options = None, seat.candidates
            open_chains = [c for c in chains if len(c.links) < LINKS_MAX]
            if open_chains and rng.random() < P_EXISTING:
                chain = rng.choice(open_chains)
                members = {x for k in chain.links for x in (k.giver, k.receiver)}
                options = tuple(c for c in seat.candidates if {c[0], c[1]} & members)
                if not options:
                    chain, options = None, seat.candidates
            giver, receiver, material, unit, quantity = rng.choice(options)
            link = Link(giver, receiver, material, quantity * SHARE * (1 + next(SEQUENCE) * 1e-6),
                        unit)  # fmt: skip
            if chain is None:
                made_chains += 1
            name = f"P{index} chain {made_chains}"

            def call(chain=chain, link=link, name=name, submission=submission):
                return game_submit.add_link(player, chain.id if chain else None, link, name,
                                            submission)  # fmt: skip

            def wanted(stored: GameChain, link=link) -> bool:
                return link in stored.links

            with ledger.lock:
                ledger.links[submission] = (player.team_id, link)
        for resend in (False, True):
            outcome, error = None, None
            start = time.perf_counter()
            try:
                outcome = call()
            except Exception as exc:  # a database error: counted, never a crash of the class
                error = exc
            record(ledger, submission, time.perf_counter() - start, outcome, error, resend, wanted)
            if resend or rng.random() >= P_RESEND:
                break


def tally(ledger: Ledger, chains: list[GameChain], team_ids: set[str]) -> dict[str, int]:
    """Accepted additions found once (stored), not found (lost), found more than once
    (duplicated), and found though never accepted (applied_unanswered)."""
    found: Counter = Counter()
    where: dict[str, set[str]] = {}
    by_link = {(team, link): s for s, (team, link) in ledger.links.items()}
    by_difficulty = {(team, d): s for s, (team, d) in ledger.difficulties.items()}
    for chain in chains:
        if chain.team_id not in team_ids:
            continue
        for link in chain.links:
            s = by_link.get((chain.team_id, link))
            if s is not None:
                found[s] += 1
                where.setdefault(s, set()).add(chain.id)
        for difficulty in chain.difficulties:
            s = by_difficulty.get((chain.team_id, difficulty))
            if s is not None:
                found[s] += 1
    counts = Counter()
    for kind, sent in (("link", ledger.links), ("difficulty", ledger.difficulties)):
        for s in sent:
            n = found[s]
            if s in ledger.accepted:
                counts[f"{kind}_accepted"] += 1
                counts[f"{kind}_stored"] += n >= 1
                counts[f"{kind}_lost"] += n == 0
            elif n:
                counts[f"{kind}_applied_unanswered"] += 1
            twice = n > 1 or len(where.get(s, ())) > 1
            counts[f"{kind}_duplicated"] += twice
            counts[f"{kind}_duplicated_resent"] += twice and s in ledger.resent
    return counts


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


# -- the app and the browsers -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def app_server(url: str, folder: Path):
    """`streamlit run app.py` on 127.0.0.1 with the store at `url`; yield its base address."""
    port = _free_port()
    env = dict(os.environ, IS_DASHBOARD_DB=url, PYTHONPATH=str(REPO / "src"))
    log = (folder / "streamlit.log").open("w")
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false"]  # fmt: skip
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (folder / "streamlit.log").read_text()[-800:]
                raise RuntimeError(f"the app did not start: {tail}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()
        assert process.poll() is not None, "the app server is still running"


@dataclass
class BrowserResult:
    name: str
    ok: bool = False
    seconds: float | None = None
    why: str = ""


CHOOSE_TRIES, CHOOSE_WAIT_MS = 4, 15_000


def _choose(page, key: str, label: str, expect) -> None:
    """Pick `label` in the selectbox `key` (typing its start to filter a long list)."""
    combobox = page.locator(f'.st-key-{key} [role="combobox"]').first
    option = page.get_by_role("option", name=label, exact=True)
    for _ in range(CHOOSE_TRIES):  # a rerun drawing the box anew may close its list: open again
        combobox.click()
        page.keyboard.type(label[:25])
        try:
            option.click(timeout=CHOOSE_WAIT_MS)
            break
        except Exception:  # Playwright's TimeoutError: try again
            page.keyboard.press("Escape")
    expect(combobox).to_have_value(label, timeout=BROWSER_TIMEOUT_MS)


def browser_session(base: str, code: str, name: str, pick, names, result: BrowserResult) -> None:
    """One Chromium joins the room as team `name` and adds the link `pick` through the page."""
    try:
        from playwright.sync_api import expect, sync_playwright

        from dashboard.domain.labels import material_label
        from dashboard.web import session
    except ImportError as error:
        result.why = f"Playwright is not installed ({error})"
        return
    giver, receiver, material, _unit, quantity = pick
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                         headless=True)  # fmt: skip
            try:
                page = browser.new_context().new_page()
                page.set_default_timeout(BROWSER_TIMEOUT_MS)
                page.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                           else route.abort())  # fmt: skip
                start = time.perf_counter()
                page.goto(f"{base}/play?room={code}")
                field_ = page.locator(f".st-key-{session.JOIN_CODE} input")
                expect(field_).to_be_visible(timeout=BROWSER_TIMEOUT_MS)
                if not field_.input_value():
                    field_.fill(code)
                    field_.press("Enter")
                team_name = page.locator(f".st-key-{session.JOIN_NAME} input")
                team_name.fill(name)
                team_name.press("Enter")
                page.locator(f".st-key-{session.JOIN_BUTTON} button").click()
                expect(page.locator(f".st-key-{session.PLAY_ADD}")).to_be_visible(
                    timeout=BROWSER_TIMEOUT_MS)  # fmt: skip
                _choose(page, session.PLAY_GIVER, names[giver], expect)
                _choose(page, session.PLAY_MATERIAL, material_label(material, "en"), expect)
                _choose(page, session.PLAY_RECEIVER, names[receiver], expect)
                amount = page.locator(f".st-key-{session.quantity_key(giver, material)} input")
                expect(amount).to_be_visible(timeout=BROWSER_TIMEOUT_MS)
                amount.fill(f"{quantity * SHARE:.3f}")
                amount.press("Enter")
                page.locator(f".st-key-{session.PLAY_ADD} button").click()
                done = page.locator('[data-testid="stAlertContentSuccess"]').or_(
                    page.locator(f'.st-key-{session.PLAY_CHAINS} [class*="st-key-play_card_"]')
                )
                expect(done.first).to_be_visible(timeout=BROWSER_TIMEOUT_MS)
                result.seconds = time.perf_counter() - start
                result.ok = True
            finally:
                browser.close()
    except Exception as error:  # the browser's failure is reported, the class goes on
        result.why = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"


# -- one database -----------------------------------------------------------------------------


def run_class(label: str, url: str, dataset, args) -> bool:
    """Play the class on `url`; print its figures; True when nothing was lost or duplicated."""
    room, _key, seats = open_room(url, dataset, args.seconds, args.teams)
    store.teams(room.id, url=url)
    anchor_times = []
    for _ in range(ANCHOR_READS):
        start = time.perf_counter()
        store.teams(room.id, url=url)
        anchor_times.append(time.perf_counter() - start)
    anchor = statistics.median(anchor_times)
    pair_index(dataset)  # made once per dataset object (as in the app), before the clock
    ledger = Ledger()
    stop = threading.Event()
    threads = [
        threading.Thread(target=participant, name=f"participant-{i}",
                         args=(i, seats[i % len(seats)], room.id, args.seed, stop, ledger,
                               tuple(args.think)))
        for i in range(args.participants)
    ]  # fmt: skip
    results = [BrowserResult(f"Browser {i + 1}") for i in range(args.browsers)]
    browser_note = ""
    with ExitStack() as stack:
        base = None
        if args.browsers:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="game-app-")))
            try:
                base = stack.enter_context(app_server(url, folder))
            except Exception as error:
                browser_note = f"browsers skipped: {error}"
            if base and not Path(CHROMIUM).exists():
                browser_note, base = f"browsers skipped: no {CHROMIUM}", None
        names = dataset.company_names()
        picks = random.Random(args.seed).sample(seats[0].candidates, args.browsers)
        browsers = [
            threading.Thread(target=browser_session, name=r.name,
                             args=(base, room.code, r.name, pick, names, r))
            for r, pick in zip(results, picks, strict=True)
        ] if base else []  # fmt: skip
        began = time.perf_counter()
        for thread in threads + browsers:
            thread.start()
        stop.wait(args.seconds)
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        for thread in browsers:
            thread.join(BROWSER_TIMEOUT_MS / 1000 * 3)
        browsers_done = time.perf_counter()
    final = store.chains(room.id, url=url)
    counts = tally(ledger, final, {s.player.team_id for s in seats})
    lost = counts["link_lost"] + counts["difficulty_lost"]
    duplicated = counts["link_duplicated"] + counts["difficulty_duplicated"]
    lat = ledger.latencies or [0.0]
    p50, p95 = percentile(lat, 0.5), percentile(lat, 0.95)
    print(f"== {label}: {args.participants} participants, {len(seats)} teams, "
          f"{args.seconds:g} s (ran {elapsed:.1f} s)")  # fmt: skip
    print(f"actions sent     {ledger.sent} ({ledger.resends} resends with the same key), "
          f"{ledger.sent / elapsed:.1f} per second")  # fmt: skip
    print(f"made             {ledger.made} (answers with a stored chain)")
    print(f"links            accepted {counts['link_accepted']}, stored {counts['link_stored']}, "
          f"lost {counts['link_lost']}, duplicated {counts['link_duplicated']}")  # fmt: skip
    print(f"difficulties     accepted {counts['difficulty_accepted']}, "
          f"stored {counts['difficulty_stored']}, lost {counts['difficulty_lost']}, "
          f"duplicated {counts['difficulty_duplicated']}")  # fmt: skip
    if duplicated:
        print(f"duplicated ones  {counts['link_duplicated_resent']} links and "
              f"{counts['difficulty_duplicated_resent']} difficulties of them were sent twice "
              f"with the same key")  # fmt: skip
    print(f"stored {counts['link_stored'] + counts['difficulty_stored']}, lost {lost}, "
          f"duplicated {duplicated}; applied though refused "
          f"{counts['link_applied_unanswered'] + counts['difficulty_applied_unanswered']}; "
          f"answers lacking the change {ledger.wrong_answers}")  # fmt: skip
    print(
        f"chains stored    {len(final)} ({sum(len(c.links) for c in final)} links), "
        f"browser teams' included"
    )
    refusals = ", ".join(f"{k} {v}" for k, v in ledger.refusals.most_common()) or "none"
    print(f"refusals         {refusals}")
    errors = ", ".join(f"{k} {v}" for k, v in ledger.errors.most_common()) or "none"
    print(f"errors           {errors}")
    print(f"latency ms       p50 {p50 * 1000:.1f}, p95 {p95 * 1000:.1f}, "
          f"max {max(lat) * 1000:.1f}")  # fmt: skip
    print(f"anchor           one store.teams read {anchor * 1000:.2f} ms (median of "
          f"{ANCHOR_READS}); p50 = {p50 / anchor:.0f}x, p95 = {p95 / anchor:.0f}x")  # fmt: skip
    if browsers:
        last = max(began + (r.seconds or 0) for r in results)
        last = last if all(r.ok for r in results) else browsers_done
        for when, part in (("while browsers ran", lambda e: e <= last),
                           ("after they ended", lambda e: e > last)):  # fmt: skip
            some = [x for x, e in zip(ledger.latencies, ledger.ends, strict=True) if part(e)]
            if some:
                print(f"  {when:<18} {len(some)} calls, p50 {percentile(some, 0.5) * 1000:.1f}, "
                      f"p95 {percentile(some, 0.95) * 1000:.1f} ms")  # fmt: skip
    if args.browsers:
        if browser_note:
            print(browser_note)
        for r in results:
            took = f"{r.seconds:.1f} s to its first link" if r.ok else f"failed: {r.why}"
            print(f"{r.name:<16} {'ok' if r.ok else 'FAILED'}, {took}")
    ok = lost == 0 and duplicated == 0
    if label == "sqlite" and p95 >= 1.0:
        print("p95 is above 1 s on SQLite")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--teams", type=int, default=6)
    parser.add_argument("--browsers", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--think", type=float, nargs=2, default=THINK_S, metavar=("MIN", "MAX"))
    args = parser.parse_args()
    dataset, problems = load_path(DATASETS_DIR / "leningrad")
    assert not problems, problems[:3]
    think = f"think {args.think[0]}-{args.think[1]} s uniform, seed {args.seed}"
    print(f"Leningrad, deck all, {think}; links {1 - P_DIFFICULTY:.0%} (to a team chain "
          f"{P_EXISTING:.0%} of those when one fits), difficulties {P_DIFFICULTY:.0%}, "
          f"resend {P_RESEND:.0%}")  # fmt: skip
    ok = True
    if args.db in ("sqlite", "both"):
        folder = tempfile.mkdtemp(prefix="game-class-")
        try:
            ok &= run_class("sqlite", f"sqlite:///{folder}/game.sqlite", dataset, args)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if args.db in ("postgresql", "both"):
        from tests.services import postgres

        try:
            with postgres.server() as url:
                ok &= run_class("postgresql", url, dataset, args)
        except RuntimeError as error:
            print(f"== postgresql skipped: {error}")
    print("OK: nothing lost or duplicated" if ok else "FAILED: links lost or duplicated")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
