"""The one task the backends run: do job ``job_id``. The backend is the TASKS setting (lkp.settings)."""
from django_tasks import task

from .services import job_run


@task()
def run_job(job_id):
    return job_run(job_id=job_id)
