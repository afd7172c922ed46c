from celery import shared_task

from .services import mail


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def send_entity_request_refused_email(entity_request_id):
    return mail.send_entity_request_refused_email(entity_request_id)
