from django.utils import timezone


def calendar(request):
    """What every page's navigation needs: today's date, in the site's time zone."""
    return {"today": timezone.localdate()}
