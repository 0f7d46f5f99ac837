from django import template

from ..charts import format_value

register = template.Library()


@register.filter
def monitor_value(value, indicator):
    """``{{ observation.value|monitor_value:indicator }}`` -> ``43,99 %``."""
    return format_value(indicator, value)


@register.filter
def monitor_change(value, indicator):
    """A signed change in the indicator's unit (percentage points for a share)."""
    return format_value(indicator, value, signed=True)
