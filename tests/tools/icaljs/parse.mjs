// Parse an .ics file with ical.js (as Thunderbird does) and print what a calendar shows as JSON:
// per VEVENT its UID, times in UTC and as wall time in its zone, and expanded occurrences.
// usage: node parse.mjs FILE [MAX_OCCURRENCES]
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file, maxArg] = process.argv.slice(2);
const max = Number(maxArg || 50);
const text = readFileSync(file, "utf8");
const root = new ICAL.Component(ICAL.parse(text));
for (const vtz of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtz);
}
const wall = (t) => t.toString(); // local wall time in the value's own zone
const utc = (t) => (t.isDate ? null : t.toJSDate().toISOString());
const events = root.getAllSubcomponents("vevent").map((vevent) => {
  const ev = new ICAL.Event(vevent);
  const occurrences = [];
  if (ev.isRecurring()) {
    const it = ev.iterator();
    let next;
    while ((next = it.next()) && occurrences.length < max) {
      const details = ev.getOccurrenceDetails(next);
      occurrences.push({ start_utc: utc(details.startDate), start_wall: wall(details.startDate) });
    }
  }
  const attendees = vevent.getAllProperties("attendee").map((p) => ({
    email: String(p.getFirstValue()).replace(/^mailto:/i, ""),
    cn: p.getParameter("cn") || "",
    partstat: p.getParameter("partstat") || "",
    role: p.getParameter("role") || "",
    rsvp: p.getParameter("rsvp") || "",
  }));
  const alarms = vevent.getAllSubcomponents("valarm").map((a) => String(a.getFirstPropertyValue("trigger")));
  return {
    uid: ev.uid,
    summary: ev.summary,
    description: ev.description,
    location: ev.location,
    sequence: ev.sequence,
    status: vevent.getFirstPropertyValue("status"),
    is_date: ev.startDate.isDate,
    tzid: ev.startDate.zone ? ev.startDate.zone.tzid : null,
    start_utc: utc(ev.startDate),
    end_utc: utc(ev.endDate),
    start_wall: wall(ev.startDate),
    end_wall: wall(ev.endDate),
    recurrence_id: ev.recurrenceId ? utc(ev.recurrenceId) || wall(ev.recurrenceId) : null,
    rrule: vevent.getFirstPropertyValue("rrule") ? vevent.getFirstPropertyValue("rrule").toString() : null,
    organizer: vevent.getFirstPropertyValue("organizer"),
    attendees,
    alarms,
    occurrences,
  };
});
process.stdout.write(
  JSON.stringify({
    method: root.getFirstPropertyValue("method"),
    calname: root.getFirstPropertyValue("x-wr-calname"),
    timezones: root.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid")),
    events,
  }),
);
