"""Occurrences of an .ics file's events over its first year, by Python's `icalendar` and
`recurring_ical_events` (an independent expansion, the reference tests/cal_reference.rs
compares Tempo with). Prints JSON: {"from": first day, "occurrences": ["UID@start", ...]}.

The year starts at the Europe/Berlin day of the earliest DTSTART (the tests run with
TZ=Europe/Berlin, which is also where floating times and whole days are placed).
"""
import datetime as dt
import json
import sys
import zoneinfo

import icalendar
import recurring_ical_events

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
UTC = dt.timezone.utc


def instant(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=BERLIN)
        return value.astimezone(UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=BERLIN).astimezone(UTC)


def main(path):
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
        print(json.dumps({"from": None, "occurrences": []}))
        return
    first = min(starts).astimezone(BERLIN).date()
    begin = dt.datetime(first.year, first.month, first.day, tzinfo=BERLIN)
    end = begin + dt.timedelta(days=366)
    found = set()
    for event in recurring_ical_events.of(cal, skip_bad_series=True).between(begin, end):
        at = instant(event["DTSTART"].dt)
        found.add("%s@%s" % (event.get("UID", ""), at.strftime("%Y%m%dT%H%M%SZ")))
    print(json.dumps({"from": first.isoformat(), "occurrences": sorted(found)}))


if __name__ == "__main__":
    main(sys.argv[1])
