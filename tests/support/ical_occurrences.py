"""Occurrences of .ics files' events over each file's first year, by Python's `icalendar` and
`recurring_ical_events` (an independent expansion, the reference tests/it/cal_reference.rs
compares Tempo with).

    ical_occurrences.py < PATHS    one path a line on stdin; prints one JSON line per path:
        {"file": path, "from": first day or null, "occurrences": ["UID@start", ...]}
        or {"file": path, "error": "..."} when the reference cannot read the file
    ical_occurrences.py --package-dirs
        prints "NAME<tab>DIRECTORY" for each directory of .ics test data that the installed
        packages ship

One process for the whole corpus: starting Python and importing the libraries costs more
than expanding a typical file.

The year starts at the Europe/Berlin day of the earliest DTSTART (the tests run with
TZ=Europe/Berlin, which is also where floating times and whole days are placed).
"""
import datetime as dt
import json
import os
import sys
import warnings
import zoneinfo

import icalendar
import recurring_ical_events
from icalendar.timezone import tzp

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
UTC = dt.timezone.utc


def instant(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=BERLIN)
        return value.astimezone(UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=BERLIN).astimezone(UTC)


def occurrences(path):
    # icalendar caches each VTIMEZONE it reads by TZID for the whole process: without a fresh
    # cache, a file would get the zone an earlier file defined under the same name (and the
    # answer would depend on which files went before it in the same run).
    tzp.use(tzp.name)
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    starts = []
    for event in cal.walk("VEVENT"):
        start = event.get("DTSTART")
        if start is not None:
            try:
                starts.append(instant(start.dt))
            except Exception:
                pass
    if not starts:
        return {"from": None, "occurrences": []}
    first = min(starts).astimezone(BERLIN).date()
    begin = dt.datetime(first.year, first.month, first.day, tzinfo=BERLIN)
    end = begin + dt.timedelta(days=366)
    # A list, not a set: events without a UID (or sharing one) at the same instant are each
    # an occurrence, in Tempo as here.
    found = []
    for event in recurring_ical_events.of(cal, skip_bad_series=True).between(begin, end):
        at = instant(event["DTSTART"].dt)
        found.append("%s@%s" % (event.get("UID", ""), at.strftime("%Y%m%dT%H%M%SZ")))
    return {"from": first.isoformat(), "occurrences": sorted(found)}


def package_dirs():
    for module, sub in (
        (icalendar, ("tests",)),
        (recurring_ical_events, ("test", "calendars")),
    ):
        path = os.path.join(os.path.dirname(module.__file__), *sub)
        if os.path.isdir(path):
            print("%s\t%s" % (module.__name__, path))


def main():
    if sys.argv[1:] == ["--package-dirs"]:
        package_dirs()
        return
    # icalendar warns on guessed TZIDs; the results are what is compared, not the warnings.
    warnings.simplefilter("ignore")
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        try:
            result = occurrences(path)
        except Exception as e:  # noqa: BLE001 - any failure means the reference cannot read it
            result = {"error": "%s: %s" % (type(e).__name__, e)}
        result["file"] = path
        print(json.dumps(result))


if __name__ == "__main__":
    main()
