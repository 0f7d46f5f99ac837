"""
``has_code``: does a JSON list of codes hold this code?

Lists of codes (STEM domains, education levels) are stored as JSON lists. PostgreSQL answers
with ``@>`` (served by a GIN index); SQLite, the embedded default, with ``json_each``.
    Training.objects.filter(levels__has_code="aso")
"""

import json

from django.db.models import JSONField, Lookup


@JSONField.register_lookup
class HasCode(Lookup):
    lookup_name = "has_code"
    prepare_rhs = False

    def get_prep_lookup(self):
        return str(self.rhs)

    def as_sql(self, compiler, connection):  # SQLite and others
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # ``lhs`` is the column's SQL from Django's compiler, never user input.
        return (
            f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = %s)",  # noqa: S608
            [*lhs_params, self.rhs],
        )

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::jsonb", [*lhs_params, json.dumps([self.rhs])]
