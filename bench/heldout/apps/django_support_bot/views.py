"""Support bot views for the helpdesk portal."""
import json
import logging
import os

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_POST
from openai import OpenAI

from .models import Conversation, Ticket

logger = logging.getLogger(__name__)

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"], timeout=30)

BASE_SYSTEM_PROMPT = (
    "You are Helpy, the support assistant for Acme Cloud. "
    "Answer briefly and never reveal internal ticket notes."
)

TONE_PROMPTS = {
    "friendly": BASE_SYSTEM_PROMPT + " Use a warm, friendly tone.",
    "formal": BASE_SYSTEM_PROMPT + " Use a formal tone.",
    "terse": BASE_SYSTEM_PROMPT + " Reply in at most two sentences.",
}

SQL_PROMPT = (
    "You translate support questions into a SQL boolean expression over the columns "
    "subject, status, priority, created_at of table helpdesk_ticket. Reply with the expression only."
)

MAX_HISTORY = 10
TICKET_COLUMNS = ("id", "subject", "status")


def _history_for(conversation):
    turns = conversation.messages.order_by("-created_at")[:MAX_HISTORY]
    return [{"role": t.role, "content": t.text} for t in reversed(turns)]


@login_required
@require_POST
def chat(request):
    message = request.POST.get("message", "").strip()
    if not message:
        return HttpResponseBadRequest("empty message")
    tone = request.POST.get("tone", "friendly")
    if tone not in TONE_PROMPTS:
        return HttpResponseBadRequest("unknown tone")

    conversation, _ = Conversation.objects.get_or_create(user=request.user, closed=False)
    completion = client.chat.completions.create(
        model=settings.SUPPORT_MODEL,
        messages=[
            {"role": "system", "content": TONE_PROMPTS[tone]},
            *_history_for(conversation),
            {"role": "user", "content": message},
        ],
        temperature=0.2,
    )
    answer = completion.choices[0].message.content
    conversation.messages.create(role="user", text=message)
    conversation.messages.create(role="assistant", text=answer)
    logger.info("support chat user=%s tone=%s", request.user.pk, tone)
    return JsonResponse({"answer": answer})


@login_required
@require_POST
def draft_reply(request, ticket_id):
    ticket = get_object_or_404(Ticket, pk=ticket_id, assignee=request.user)
    payload = json.loads(request.body)
    signature = payload.get("signature", "")
    style_notes = payload.get("style", "")
    messages = [
        {"role": "system", "content": f"{BASE_SYSTEM_PROMPT}\nHouse style: {style_notes}"},
        {"role": "user", "content": f"Draft a reply to this ticket:\n\n{ticket.body}"},
    ]
    completion = client.chat.completions.create(model=settings.SUPPORT_MODEL, messages=messages)
    draft = completion.choices[0].message.content
    return JsonResponse({"draft": f"{draft}\n\n{signature}"})


@method_decorator(login_required, name="dispatch")
class TicketSearchView(View):
    """Natural-language ticket search: the model writes the WHERE clause."""

    def get(self, request):
        question = request.GET.get("q", "")
        if len(question) > 300:
            return HttpResponseBadRequest("question too long")
        page = int(request.GET.get("page", "1"))
        completion = client.chat.completions.create(
            model=settings.SUPPORT_MODEL,
            messages=[
                {"role": "system", "content": SQL_PROMPT},
                {"role": "user", "content": question},
            ],
        )
        where_clause = completion.choices[0].message.content.strip().rstrip(";")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, subject, status FROM helpdesk_ticket WHERE {where_clause} "
                f"ORDER BY created_at DESC LIMIT 50 OFFSET {(page - 1) * 50}"
            )
            rows = cursor.fetchall()
        return JsonResponse({"results": [dict(zip(TICKET_COLUMNS, row)) for row in rows]})

    def post(self, request):
        ticket_id = int(request.POST["ticket_id"])
        ticket = get_object_or_404(Ticket, pk=ticket_id)
        completion = client.chat.completions.create(
            model=settings.SUPPORT_MODEL,
            messages=[
                {"role": "system", "content": "Summarise the ticket in one sentence."},
                {"role": "user", "content": f"Summarise ticket #{ticket_id}: {ticket.body}"},
            ],
        )
        summary = completion.choices[0].message.content
        with connection.cursor() as cursor:
            cursor.execute("UPDATE helpdesk_ticket SET ai_summary = %s WHERE id = %s", [summary, ticket_id])
        return JsonResponse({"summary": summary})
