"""croniter reference fire times for the Swift cron agreement test (issue 8).

Run through ./make-cron-fixtures, which pins croniter in .venv-reference. Prints one JSON
object per line: a random cron expression (fixed seed), a time zone, a start instant, and the
next 20 fire times that cron(5) and our documented DST rules give, taken from croniter.

Where croniter departs from cron(5) the case is classified here, explicitly, by a rule decided
from the expression and the zone alone -- never by comparing against the Swift output:

Rewrites (croniter is asked a question whose cron(5) answer is the same as ours):
  star-day-rule      cron(5): if either day field starts with '*', both must match. croniter
                     ORs whenever neither field *expands* to '*' (so '*/2' with '1' means
                     odd days or Mondays). Asked with day_or=False, croniter ANDs.
  equal-range        croniter reads an equal range 'a-a' (and 'a-a/s') as the whole field;
                     cron reads it as 'a'. croniter is asked 'a'.
  dow-start-step     cron's day-of-week runs 0-7, so 'a/s' means a-7/s (cronie); croniter
                     reads a-6/s (and '7/s' as 0-6/s). croniter is asked 'a-7/s' ('7' for 7).

Drops (croniter's times are correct instants but some are not fire times under our rules):
  fall-back-repeat   a fixed time (minute and hour one value each) whose wall-clock time
                     occurs twice fires once, at the first occurrence; croniter also fires the
                     second. The second occurrence is dropped.
  gap-shift-not-fixed  croniter moves a time skipped by spring-forward to the first minute
                     after the gap whenever the hour field is not '*'. Our rule does that for
                     fixed times only; other expressions fire only at wall times they match,
                     so a croniter time whose wall hour:minute the expression does not match
                     is dropped.

Inserts (fire times under our rules that croniter leaves out):
  fall-back-second-pass  a non-fixed expression fires in real time through both passes of a
                     fall-back. croniter looks for the second pass only at the first match
                     after (previous fire - DST delta); when that match lies before the
                     overlap (half-hour overlaps: Lord Howe; Chatham's at :45) it skips the
                     repeated times. Every wall minute of each overlap between the start and
                     the last time is enumerated; a matching one (croniter.match) whose
                     second-pass instant is after the start and missing is inserted.

Usage: cron_fixtures.py [--count N] [--seed S]
"""

import argparse
import datetime as dt
import json
import random
import sys
import zoneinfo

from croniter import croniter, CroniterBadDateError

UTC = dt.timezone.utc
FIRES = 20
ZONES = [
    "UTC",
    "Asia/Seoul",  # no DST
    "Asia/Kolkata",  # +05:30, no DST
    "America/New_York",
    "Europe/Berlin",
    "Europe/London",
    "Australia/Sydney",  # southern hemisphere
    "Australia/Lord_Howe",  # 30-minute DST
    "Pacific/Chatham",  # +12:45 / +13:45, transitions at 02:45
    "America/Santiago",  # transitions at midnight
]
BOUNDS = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
MACROS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]
MACRO_FIELDS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
# Expressions that never fire: croniter gives up, and so must we (quickly).
NEVER = ["0 0 30 2 *", "0 0 31 4,6,9,11 *", "* * 30,31 FEB *", "15 3 31 2 */2", "0 12 30-31 2 *"]


def transitions(zone, start_year=2023, end_year=2030):
    """Offset changes of a zone between the years, as (instant, offset before, offset after)."""
    tz = zoneinfo.ZoneInfo(zone)
    t = int(dt.datetime(start_year, 1, 1, tzinfo=UTC).timestamp())
    end = int(dt.datetime(end_year, 1, 1, tzinfo=UTC).timestamp())

    def offset(ts):
        return int(dt.datetime.fromtimestamp(ts, tz).utcoffset().total_seconds())

    found = []
    previous = offset(t)
    while t < end:
        nxt = t + 6 * 3600  # offset changes here are months apart
        if offset(nxt) != previous:
            lo, hi = t, nxt  # offset(lo) == previous != offset(hi)
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if offset(mid) == previous:
                    lo = mid
                else:
                    hi = mid
            found.append((hi, previous, offset(hi)))
            previous = offset(hi)
        t = nxt
    return found


class Generator:
    def __init__(self, rng):
        self.rng = rng

    def name_or_number(self, field, value):
        r = self.rng
        if field == 3 and r.random() < 0.3:
            return self.cased(MONTHS[value - 1])
        if field == 4 and value <= 6 and r.random() < 0.3:
            return self.cased(DAYS[value])
        return str(value)

    def cased(self, name):
        return self.rng.choice([name, name.lower(), name.capitalize()])

    def step(self, lo, hi):
        span = hi - lo + 1
        return self.rng.choice([2, 2, 3, 4, 5, 6, 7, 10, 15, 20, span // 2 or 1, span + 3])

    def term(self, field, allow_star):
        """One list element: value, range, stepped range, start/step or */step."""
        r = self.rng
        lo, hi = BOUNDS[field]
        kind = r.random()
        if allow_star and kind < 0.15:
            return f"*/{self.step(lo, hi)}"
        if kind < 0.45:
            return self.name_or_number(field, r.randint(lo, hi))
        if kind < 0.75:
            a = r.randint(lo, hi - 1)
            b = a if r.random() < 0.03 else r.randint(a + 1, hi)
            text = f"{self.name_or_number(field, a)}-{self.name_or_number(field, b)}"
            if r.random() < 0.35:
                text += f"/{self.step(a, b)}"
            return text
        a = r.randint(lo, hi)
        return f"{self.name_or_number(field, a)}/{self.step(a, hi)}"

    def field(self, field, star_weight):
        r = self.rng
        x = r.random()
        if x < star_weight:
            return "*"
        if x < star_weight + 0.12:
            lo, hi = BOUNDS[field]
            return f"*/{self.step(lo, hi)}"
        if r.random() < 0.3:
            n = r.randint(2, 4)
            terms = [self.term(field, allow_star=(i == 0)) for i in range(n)]
            return ",".join(terms)
        return self.term(field, allow_star=False)

    def expression(self):
        return " ".join(
            [
                self.field(0, 0.08),
                self.field(1, 0.25),
                self.field(2, 0.55),
                self.field(3, 0.6),
                self.field(4, 0.6),
            ]
        )

    def focused(self, wall_hours, weekday):
        """An expression aimed at a DST transition: hours around the skipped/repeated time."""
        r = self.rng
        hours = sorted(set(h % 24 for h in wall_hours))
        x = r.random()
        if x < 0.45:
            minute = str(r.choice([0, 15, 30, 45, r.randint(0, 59)]))
            hour = str(r.choice(hours))  # fixed time
        elif x < 0.65:
            minute = r.choice(["*/15", "*/20", "0,30", "10-50/10", "*/7", "5/10"])
            hour = str(r.choice(hours))
        elif x < 0.8:
            minute = str(r.choice([0, 15, 30, 45]))
            hour = r.choice([f"{hours[0]}-{hours[-1]}", ",".join(map(str, hours)), "*", "*/2", "1/3"])
        else:
            minute = r.choice(["*/10", "*/30", "0", "30"])
            hour = "*"
        dom, dow = "*", "*"
        y = r.random()
        if y < 0.15:
            dow = str(weekday)  # restricted dow only: AND with '*'
        elif y < 0.25:
            dom, dow = "*/2", str(weekday)  # star-day-rule: odd days that are this weekday
        elif y < 0.32:
            dom, dow = "1,15", self.cased(DAYS[weekday])  # either-day rule
        return f"{minute} {hour} {dom} * {dow}"


def rewrite_term(field, term, tags):
    """The croniter spelling of one list element with cron(5)'s meaning."""
    if field == 4 and "/" in term and "-" not in term and not term.startswith("*"):
        start, step = term.split("/")
        value = DAYS.index(start.upper()) if start.upper() in DAYS else int(start)
        if value >= 1 and (7 - value) % int(step) == 0:
            tags.add("dow-start-step")
            return "7" if value == 7 else f"{value}-7/{step}"
        return term
    base = term.split("/")[0]
    if "-" in base:
        a, b = base.split("-")

        def number(x):
            u = x.upper()
            if field == 3 and u in MONTHS:
                return MONTHS.index(u) + 1
            if field == 4 and u in DAYS:
                return DAYS.index(u)
            return int(x)

        if number(a) == number(b):
            tags.add("equal-range")
            return a
    return term


def croniter_question(expr):
    """(croniter expression, day_or, tags) asking croniter for cron(5)'s answer."""
    tags = set()
    fields = MACRO_FIELDS.get(expr.lower(), expr).split()
    rewritten = [",".join(rewrite_term(i, t, tags) for t in f.split(",")) for i, f in enumerate(fields)]
    cron_expr = expr if expr.startswith("@") else " ".join(rewritten)
    dom_star, dow_star = fields[2].startswith("*"), fields[4].startswith("*")
    day_or = not (dom_star or dow_star)
    expanded = croniter.expand(cron_expr)[0]
    if not day_or and expanded[2] != ["*"] and expanded[4] != ["*"]:
        tags.add("star-day-rule")
    return cron_expr, day_or, tags, expanded


def is_second_occurrence(t):
    first = t.replace(fold=0)
    return first.utcoffset() != t.utcoffset() and first.astimezone(UTC) < t.astimezone(UTC)


def second_pass_times(cron_expr, day_or, zone, start, end):
    """Instants after `start`, up to `end`, of matching wall minutes in a fall-back's second pass."""
    tz = zoneinfo.ZoneInfo(zone)
    found = []
    for instant, before, after in zone_transitions(zone, start.year - 1, end.year + 2):
        if after >= before or not start.timestamp() < instant <= end.timestamp():
            continue
        first_minute = -(-(instant + after) // 60) * 60
        for wall_seconds in range(first_minute, instant + before, 60):
            wall = dt.datetime.fromtimestamp(wall_seconds, UTC).replace(tzinfo=None)
            if croniter.match(cron_expr, wall, day_or=day_or):
                second = wall_seconds - after
                if start.timestamp() < second <= end.timestamp():
                    found.append(dt.datetime.fromtimestamp(second, tz))
    return found


_TRANSITIONS = {}


def zone_transitions(zone, first_year, last_year):
    found = []
    for year in range(first_year, last_year + 1):
        if (zone, year) not in _TRANSITIONS:
            _TRANSITIONS[(zone, year)] = transitions(zone, year, year + 1)
        found += _TRANSITIONS[(zone, year)]
    return found


def expected_times(expr, zone, start):
    cron_expr, day_or, tags, expanded = croniter_question(expr)
    minutes, hours = expanded[0], expanded[1]
    fixed = minutes != ["*"] and hours != ["*"] and len(minutes) == 1 and len(hours) == 1
    tz = zoneinfo.ZoneInfo(zone)
    it = croniter(cron_expr, start, day_or=day_or, ret_type=dt.datetime)
    times, dropped = [], []
    try:
        while len(times) < FIRES:
            raw = it.get_next()
            t = dt.datetime.fromtimestamp(raw.timestamp(), tz)
            wall_matches = (minutes == ["*"] or t.minute in minutes) and (hours == ["*"] or t.hour in hours)
            if fixed and is_second_occurrence(t):
                dropped.append({"time": t.isoformat(), "rule": "fall-back-repeat"})
            elif not fixed and not wall_matches:
                dropped.append({"time": t.isoformat(), "rule": "gap-shift-not-fixed"})
            else:
                times.append(t.isoformat())
            if len(dropped) > FIRES:
                raise RuntimeError(f"too many drops for {expr!r} in {zone}")
    except CroniterBadDateError:
        pass  # croniter found nothing within 50 years: the expression never fires
    inserted = []
    if times and not fixed:
        kept = {dt.datetime.fromisoformat(t).timestamp() for t in times}
        end = dt.datetime.fromisoformat(times[-1])
        for t in second_pass_times(cron_expr, day_or, zone, start, end):
            if t.timestamp() not in kept:
                inserted.append({"time": t.isoformat(), "rule": "fall-back-second-pass"})
        if inserted:
            merged = sorted(times + [i["time"] for i in inserted], key=lambda t: dt.datetime.fromisoformat(t).timestamp())
            times = merged[:FIRES]
    return {
        "expr": expr,
        "tz": zone,
        "after": start.isoformat(),
        "croniter": cron_expr,
        "dayOr": day_or,
        "tags": sorted(tags),
        "times": times,
        "dropped": dropped,
        "inserted": inserted,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    gen = Generator(rng)
    table = {zone: transitions(zone) for zone in ZONES}
    low = int(dt.datetime(2024, 1, 1, tzinfo=UTC).timestamp())
    high = int(dt.datetime(2029, 1, 1, tzinfo=UTC).timestamp())

    cases = [(expr, rng.choice(ZONES), None) for expr in NEVER]
    while len(cases) < args.count:
        zone = ZONES[len(cases) % len(ZONES)]
        near = [tr for tr in table[zone] if low <= tr[0] < high]
        x = rng.random()
        if near and x < 0.6:
            instant, before, after = rng.choice(near)
            # Wall-clock hours the transition skips or repeats, and the hour either side.
            walls = {(instant + before) // 3600, (instant + after) // 3600}
            spread = (0,) if rng.random() < 0.7 else (-1, 0, 1)
            hours = {w % 24 + d for w in walls for d in spread}
            local_day = dt.datetime.fromtimestamp(instant, dt.timezone(dt.timedelta(seconds=before)))
            weekday = (local_day.weekday() + 1) % 7
            expr = gen.focused(hours, weekday) if rng.random() < 0.6 else gen.expression()
            when = instant - rng.randint(0, 3 * 86400) if rng.random() < 0.7 else instant + rng.randint(-7200, 7200)
        else:
            expr = rng.choice(MACROS) if rng.random() < 0.04 else gen.expression()
            if rng.random() < 0.1:
                expr = expr.upper() if rng.random() < 0.5 else expr
            when = rng.randint(low, high)
        if rng.random() < 0.5:
            when -= when % 60
        cases.append((expr, zone, when))

    for i, (expr, zone, when) in enumerate(cases):
        if when is None:
            when = rng.randint(low, high)
        start = dt.datetime.fromtimestamp(when, zoneinfo.ZoneInfo(zone))
        record = expected_times(expr, zone, start)
        record["id"] = i
        print(json.dumps(record, separators=(",", ":")))
        if i % 500 == 0:
            print(f"{i}/{len(cases)}", file=sys.stderr)


if __name__ == "__main__":
    main()
