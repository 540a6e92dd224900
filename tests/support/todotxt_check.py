#!/usr/bin/env python3
"""Reads a todo.txt file with `pytodotxt` (an independent parser) and prints JSON, one object per
task: completion, dates, priority, projects, contexts, key:value attributes (without Tempo's
`uuid:`) and the words of the text that are none of those."""
import json
import sys

import pytodotxt


def words(description):
    out = []
    for w in description.split():
        if w[:1] in "+@" and len(w) > 1:
            continue
        key, sep, value = w.partition(":")
        if sep and key and value and " " not in w:
            continue
        out.append(w)
    return " ".join(out)


def main(path):
    todo = pytodotxt.TodoTxt(path)
    todo.parse()
    tasks = []
    for t in todo.tasks:
        attrs = {k: v for k, v in t.attributes.items() if k != "uuid"}
        tasks.append({
            "completed": t.is_completed,
            "completion_date": str(t.completion_date) if t.completion_date else None,
            "creation_date": str(t.creation_date) if t.creation_date else None,
            "priority": t.priority,
            "projects": sorted(t.projects),
            "contexts": sorted(t.contexts),
            "attributes": attrs,
            "text": words(t.description),
        })
    json.dump(tasks, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
