from celery import shared_task


@shared_task(bind=True)
def add(self, a, b):
    return {"sum": a + b, "eager": bool(self.request.is_eager), "hostname": self.request.hostname}
