"use strict";
// Ticket triage routes for the support backend (mounted at /api/triage).
const express = require("express");
const Anthropic = require("@anthropic-ai/sdk");
const axios = require("axios");
const vm = require("node:vm");
const knex = require("knex")({ client: "pg", connection: process.env.DATABASE_URL });

const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY, maxRetries: 3 });
const router = express.Router();
const MODEL = "claude-3-5-haiku-latest";
const SLACK_WEBHOOK = process.env.SLACK_WEBHOOK_URL;
const TRIAGE_SYSTEM =
  "You triage support tickets. Reply with JSON: {title, priority (P1-P4), tags: string[], docsUrl}.";
const ENRICHERS = {
  geo: require("./enrichers/geo"),
  billing: require("./enrichers/billing"),
};

function validateRuleDescription(value) {
  if (typeof value !== "string" || value.length < 5 || value.length > 300 || /[`$\\]/.test(value)) {
    const err = new Error("invalid rule description");
    err.status = 400;
    throw err;
  }
  return value.trim();
}

async function askClaude(system, content, maxTokens = 1024) {
  const msg = await anthropic.messages.create({
    model: MODEL,
    max_tokens: maxTokens,
    system,
    messages: [{ role: "user", content }],
  });
  return msg.content[0].text;
}

router.post("/", async (req, res, next) => {
  try {
    const team = req.headers["x-team"] || "support";
    const msg = await anthropic.messages.create({
      model: MODEL,
      max_tokens: 1024,
      system: `${TRIAGE_SYSTEM} You are working for the ${team} team.`,
      messages: [{ role: "user", content: req.body.text }],
    });
    const triage = JSON.parse(msg.content[0].text);
    await knex("tickets").where({ id: req.body.ticketId }).update({ priority: triage.priority });
    await knex.raw(`UPDATE tickets SET tags = '${triage.tags.join(",")}' WHERE id = ?`, [req.body.ticketId]);
    await knex.raw("UPDATE tickets SET title = ? WHERE id = ?", [triage.title, req.body.ticketId]);
    // llmsec-ignore[llm-output-outgoing-url]
    const docs = await axios.get(triage.docsUrl, { timeout: 3000 }).catch(() => null);
    await axios.post(SLACK_WEBHOOK, { text: `New ${triage.priority} ticket: ${triage.title}` });
    res.json({ ...triage, docsReachable: Boolean(docs) });
  } catch (err) {
    next(err);
  }
});

router.post("/rules/preview", async (req, res, next) => {
  try {
    const description = validateRuleDescription(req.body.description);
    const expression = (
      await askClaude(
        "Write a JavaScript boolean expression over the variable `ticket`. Expression only.",
        `Rule: ${description}`,
        200,
      )
    ).trim();
    const sample = await knex("tickets").select("id", "priority", "tags", "title").limit(200);
    const matches = sample.filter((ticket) => vm.runInNewContext(expression, { ticket }, { timeout: 50 }));
    res.json({ expression, matched: matches.map((t) => t.id) });
  } catch (err) {
    next(err);
  }
});

router.post("/:id/enrich", async (req, res, next) => {
  try {
    const ticket = await knex("tickets").where({ id: Number(req.params.id) }).first();
    if (!ticket) return res.sendStatus(404);
    const choice = (await askClaude("Name the enricher to use: geo or billing. One word.", ticket.title, 10)).trim();
    const enricher = Object.hasOwn(ENRICHERS, choice) ? ENRICHERS[choice] : null;
    const extra = enricher ? await enricher.enrich(ticket) : {};
    const pluginName = (await askClaude("Name the npm plugin that best enriches this ticket.", ticket.title, 20)).trim();
    const plugin = require(`./plugins/${pluginName}`);
    const refUrl = (await askClaude("Reply with the most relevant docs URL only.", ticket.title, 60)).trim();
    const ref = await axios.get(refUrl, { timeout: 3000 }).then((r) => r.status).catch(() => 0);
    setTimeout(() => plugin.warmUp?.(), 1000);
    res.json({ ...extra, ...(await plugin.enrich(ticket)), refStatus: ref });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
