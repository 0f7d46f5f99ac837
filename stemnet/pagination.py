"""One way to turn ``?page=`` into a page of a list, for every paginated page of the portal."""

from django.contrib import messages
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _


class BoundedPaginator(Paginator):
    """A paginator that counts at most ``limit`` results and offers the pages of the first
    ``limit``: a list of tens of thousands says "more than 1,000" and asks for a filter, as
    search engines do, instead of counting every row on every page.

    A queryset is read in one pass: the keys of its first ``limit + 1`` rows in its order
    (their number is the count), then the page's rows by key. Counting and then reading the
    page would look for the matches twice."""

    def __init__(self, object_list, per_page, *, limit: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit

    @cached_property
    def _keys(self) -> list | None:
        if not hasattr(self.object_list, "values_list"):
            return None
        return list(self.object_list.values_list("pk", flat=True)[: self.limit + 1])

    @cached_property
    def count(self) -> int:
        if self._keys is not None:
            return len(self._keys)
        return len(self.object_list[: self.limit + 1])

    @property
    def more(self) -> bool:
        """More results than ``limit``: the count says "more than", the pages stop there."""
        return self.count > self.limit

    @cached_property
    def num_pages(self) -> int:
        if self.more:
            return -(-self.limit // self.per_page)
        return super().num_pages

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.limit)  # no orphans: the pages stop there
        if self._keys is None:
            return self._get_page(self.object_list[bottom:top], number, self)
        keys = self._keys[bottom:top]
        found = {row.pk: row for row in self.object_list.filter(pk__in=keys)}
        # A row gone between the two reads (unpublished this very moment) is left out.
        return self._get_page([found[k] for k in keys if k in found], number, self)


def page_of(request, items, per_page: int, *, limit: int | None = None) -> Page:
    """The page ``?page=`` of ``items`` (``per_page`` each); a number that is not one (text, a
    NUL, 1.5) gives the first page, one out of range the first or the last, with a word; never
    an error. Two queries: the count and the page. ``limit``: count and page through at most
    that many (``BoundedPaginator``)."""
    if limit is None:
        paginator = Paginator(items, per_page)
    else:
        paginator = BoundedPaginator(items, per_page, limit=limit)
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
