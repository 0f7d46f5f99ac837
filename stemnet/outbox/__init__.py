"""The transactional outbox: work that must follow a commit (e-mail, jobs) is written as a row
in the same transaction and handed to Celery after it, by the request and, when the broker
was away, by the relay (``outbox_relay``, every minute). See ``services``."""
