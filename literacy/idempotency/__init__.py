"""Idempotency keys: a retried request gets the first answer instead of a second object.

A tablet on a weak connection, a double tap, a phone resending its queue: the client cannot know
whether its first request arrived, so it sends it again. It names the *attempt* with a key it
sends every time: the API's ``Idempotency-Key`` header, or a page form's hidden token.

How the database decides (``services``):

1. One transaction claims the key and does the work. The claim is an
   ``INSERT … ON CONFLICT DO NOTHING`` on the unique (user, endpoint, key); a concurrent request
   with the same key waits on that insert (at most ``IDEMPOTENCY_WAIT_SECONDS``, then 409).
2. The first request stores its answer on the key row before committing: a 2xx status and body
   (API) or the redirect (page form). An error answer or an exception releases the key, so the
   client may correct the request and send it again with the same key.
3. A later request with the key (or the one that waited) gets the stored answer, marked
   ``Idempotent-Replayed: true``: the same status and body, the same id. The same key with a
   different body answers 422 (API) or a 409 page (form) saying so; nothing is saved.

Keys belong to one user and one endpoint (method and URL name), expire after
``IDEMPOTENCY_KEY_TTL_HOURS`` (24 h) and are deleted by the hourly task
``idempotency_keys_prune_task`` or ``manage.py prune_idempotency_keys``.

How to apply it:

* **A DRF viewset that creates**: put ``IdempotentCreateMixin`` first among its bases; POST on
  the list then honours the header (and the OpenAPI schema documents it)::

      class ClassSessionViewSet(IdempotentCreateMixin, viewsets.ModelViewSet): ...

  ``literacy/tests/test_idempotent_endpoints.py`` fails for a router endpoint that creates
  without it.
* **Any other DRF handler** (an ``@action``, an ``APIView.post``, a ``destroy``): decorate it
  with ``@idempotent()``, above ``@action`` (``endpoint=`` names the key space when two URLs
  share one).
* **The mentors' ticks** (``/api/v1/ticks/``): the phone makes the key itself when the mentor
  taps, e.g. ``crypto.randomUUID()``, keeps it with the queued tick and sends it as
  the tick's ``key`` on every resend until it gets an answer; that key is the request's
  idempotency key (``TickViewSet.idempotency_key``; an ``Idempotency-Key`` header, if sent, must
  equal it), and the tick's unique key in the database stays the floor once it has expired. An
  untick on a detail route has ``@idempotent()`` on its handler. A resend after the first one
  arrived gets the first answer; two different ticks never share a key.
* **An answer that shows a secret** (a new mentor's one-time code): override
  ``idempotency_kept_answer(data)`` to store (and replay) the answer without it.
* **A page form that creates**: add ``idempotency_token = IdempotencyTokenField()`` to the form,
  render ``{{ form.idempotency_token }}`` inside it, and decorate the view with
  ``@idempotent_form`` under ``login_required``. The view must answer a successful POST with a
  redirect (to what it saved): that redirect is what a double submit gets.
"""
