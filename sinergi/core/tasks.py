"""Task entry points for the django-tasks worker: each calls a service and nothing else."""

from __future__ import annotations

from django_tasks import task

from sinergi.core.jobs import JobBusy, job_run


@task()
def run_job(job_id: int) -> None:
    try:
        job_run(job_id=job_id)
    except JobBusy:
        # Another worker holds the job, or it finished while this message waited in the queue.
        return
