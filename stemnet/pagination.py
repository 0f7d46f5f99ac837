"""One way to turn ``?page=`` into a page of a list, for every paginated page of the portal."""

from django.contrib import messages
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.translation import gettext as _


def page_of(request, items, per_page: int) -> Page:
    """The page ``?page=`` of ``items`` (``per_page`` each); a number that is not one (text, a
    NUL, 1.5) gives the first page, one out of range the first or the last, with a word; never
    an error. Two queries: the count and the page."""
    paginator = Paginator(items, per_page)
    raw = request.GET.get("page", "")
    try:
        return paginator.page(raw or 1)
    except PageNotAnInteger:
        messages.warning(request, _("That page number is not valid; you see the first page."))
        return paginator.page(1)
    except EmptyPage:
        if int(raw) < 1:
            messages.warning(request, _("That page number is not valid; you see the first page."))
            return paginator.page(1)
        messages.warning(request, _("That page does not exist; you see the last page."))
        return paginator.page(paginator.num_pages)
