from .api import router

app_name = "content_api"
urlpatterns = router.get_urlpatterns()
