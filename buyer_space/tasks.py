from celery import shared_task

from .services.mail import send_now


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def send_templated_email(self, recipients, template_prefix, context):
    send_now(recipients, template_prefix, context)
