"""{{ value|customer_date }}: a date in the page's language, as enkat.dates writes it."""

from django import template
from django.utils.translation import get_language

from enkat.dates import customer_date as format_customer_date

register = template.Library()


@register.filter
def customer_date(value):
    if not value:
        return ""
    return format_customer_date(value, get_language() or "sv")
