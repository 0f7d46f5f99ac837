"""URLs of the coordinator workspace (names start with ``workspace``)."""

urlpatterns = []
