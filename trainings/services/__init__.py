"""Every write of the trainings app, one module per area:

- ``enrolment.py`` — enrolling, the waiting list, cancelling, capacity rules, reminders
- ``workspace.py`` — what coordinators change: trainings, sessions, attendance, held/closed
- ``evaluations.py`` — questionnaires, sending them, responses, network-wide surveys
- ``budget.py`` — budget lines
"""
