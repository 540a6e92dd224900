#!/usr/bin/python3
"""A minimal freedesktop notification server for tests: owns org.freedesktop.Notifications on
the session bus and appends one JSON line per Notify call to the file given as argv[1].

Run with Debian's /usr/bin/python3 (python3-dbus, python3-gi)."""
import json
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

LOG = sys.argv[1]
NAME = "org.freedesktop.Notifications"


class Server(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(dbus.service.BusName(NAME, bus), "/org/freedesktop/Notifications")
        self.next_id = 1

    @dbus.service.method(NAME, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout):
        urgency = hints.get("urgency")
        with open(LOG, "a") as f:
            f.write(json.dumps({
                "app": str(app), "icon": str(icon), "summary": str(summary),
                "body": str(body), "urgency": int(urgency) if urgency is not None else None,
            }) + "\n")
        self.next_id += 1
        return self.next_id - 1

    @dbus.service.method(NAME, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["body"]

    @dbus.service.method(NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("tempo-test-stub", "tempo", "1.0", "1.2")

    @dbus.service.method(NAME, in_signature="u", out_signature="")
    def CloseNotification(self, id):
        pass


DBusGMainLoop(set_as_default=True)
server = Server(dbus.SessionBus())
GLib.MainLoop().run()
