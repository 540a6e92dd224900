#!/usr/bin/env python3
"""Reads an iCalendar file with Python's `icalendar` (an independent parser) and prints JSON.

    ical_check.py events FILE      events (VEVENTs with a DTSTART) and to-dos, by UID
    ical_check.py components FILE  every VEVENT/VTODO: uid, recurrence-id, start, end, rrule
"""
import datetime
import json
import sys

import icalendar


def instant(prop):
    if prop is None:
        return None
    v = prop.dt
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            return "floating " + v.isoformat()
        return v.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return v.isoformat()


def main():
    mode, path = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    if mode == "events":
        # Distinct UIDs; a component without a UID counts on its own.
        def count(kind, need_start):
            uids, anonymous = set(), 0
            for c in cal.walk(kind):
                if need_start and c.get("DTSTART") is None:
                    continue
                if c.get("UID") is None:
                    anonymous += 1
                else:
                    uids.add(str(c.get("UID")))
            return len(uids) + anonymous

        print(json.dumps({"events": count("VEVENT", True), "todos": count("VTODO", False)}))
        return
    out = []
    for c in cal.walk():
        if c.name not in ("VEVENT", "VTODO"):
            continue
        rrule = c.get("RRULE")
        errors = [str(e) for e in getattr(c, "errors", [])]
        out.append(
            {
                "kind": c.name,
                "uid": str(c.get("UID")),
                "recurrence_id": instant(c.get("RECURRENCE-ID")),
                "start": instant(c.get("DTSTART")),
                "end": instant(c.get("DTEND")),
                "due": instant(c.get("DUE")),
                "summary": str(c.get("SUMMARY", "")),
                "rrule": rrule.to_ical().decode() if rrule is not None else None,
                "errors": errors,
            }
        )
    zones = sorted(str(z.get("TZID")) for z in cal.walk("VTIMEZONE"))
    print(json.dumps({"components": out, "timezones": zones}))


main()
