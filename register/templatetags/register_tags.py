from django import template

from register.dimensions import language_name

register = template.Library()


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key, "")


@register.filter
def language_names(codes) -> str:
    """Survey languages by name for staff: ["sv", "fa-af"] -> "Swedish, Dari" (in the page's language)."""
    return ", ".join(language_name(code) for code in codes)


@register.filter
def language_codes_named(codes) -> str:
    """Codes a file must use, with their names: ["sv", "ar"] -> "sv (Swedish), ar (Arabic)"."""
    return ", ".join(f"{code} ({language_name(code)})" for code in codes)
