"""For the views of apps that enqueue jobs: the page that asks before starting one (a bookmarked address)."""
from django.shortcuts import render


def ask_page(request, *, title, button, explain=""):
    """Render a page with one button that POSTs to this same address (query included) to start the job."""
    return render(request, "jobs/job_ask.html", {"title": title, "button": button, "explain": explain,
                                                 "action": request.get_full_path()})
