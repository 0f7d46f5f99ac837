"""URLs of the trainings app. Public and teacher pages are listed here; the coordinator
workspace's URLs live in ``urls_workspace.py`` and are added below."""

from .urls_workspace import urlpatterns as workspace_urlpatterns

app_name = "trainings"
urlpatterns = []

urlpatterns += workspace_urlpatterns
