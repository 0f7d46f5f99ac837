"""Every write of the trainings app, one module per noun (as pretix's ``base/services``):

- ``locking.py`` — the seat lock (one row lock per training), ``TryAgain``
- ``enrolment.py`` — enrolling, cancelling, taking up an offered seat, capacity checks
- ``waitlist.py`` — promotion from the waiting list, seat offers and their expiry
- ``mail.py`` — every e-mail of the app (enrolment e-mails, reminders, invitations)
- ``reminders.py`` — the reminder the day before a session, once
- ``certificates.py`` — certificate verification codes
- ``calendar_feeds.py`` — the personal calendar feed's secret address
- ``trainings.py`` — running a training: trainings, sessions, attendance, held/closed
- ``imports.py`` — imports from the workspace (preview, confirm, background job)
- ``budget.py`` — budget lines

Evaluations are their own app (``trainings.evaluations``); who counts is ``trainings.counting``.
"""
