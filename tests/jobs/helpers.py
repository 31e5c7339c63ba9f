"""Following a job as the person does: the answer is the job's page, then its file."""
import re

from jobs.models import Job


def job_of(response):
    """Return the job whose page ``response`` (a request for long work) redirects to."""
    assert response.status_code == 302, response.status_code
    found = re.fullmatch(r"/jobs/(\d+)/", response.url)
    assert found, response.url
    return Job.objects.get(pk=found.group(1))


def job_file(client, response):
    """Follow ``response`` to its job's page (the job has run: immediate backend) and download its file."""
    job = job_of(response)
    page = client.get(response.url)
    assert page.status_code == 200
    assert job.status == Job.Status.DONE, (job.status, job.error)
    assert f"/jobs/{job.pk}/file/" in page.content.decode()
    file = client.get(f"/jobs/{job.pk}/file/")
    assert file.status_code == 200
    return file
