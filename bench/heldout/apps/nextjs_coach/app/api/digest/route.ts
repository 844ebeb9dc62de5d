import { anthropic } from "@ai-sdk/anthropic";
import { generateObject } from "ai";
import { z } from "zod";

export const runtime = "nodejs";

const FEEDS = {
  changelog: "https://status.example.com/changelog.txt",
  incidents: "https://status.example.com/incidents.txt",
} as const;

const Digest = z.object({
  title: z.string(),
  highlights: z.array(z.string()).max(10),
  links: z.array(z.string()).max(10),
});

const MAX_UPLOAD_BYTES = 2_000_000;

async function readFeed(name: FormDataEntryValue | null): Promise<string> {
  const key = typeof name === "string" && Object.hasOwn(FEEDS, name) ? (name as keyof typeof FEEDS) : "changelog";
  const res = await fetch(FEEDS[key], { next: { revalidate: 300 } });
  if (!res.ok) throw new Error(`feed ${key} returned ${res.status}`);
  return res.text();
}

async function checkLinks(links: string[]): Promise<Record<string, boolean>> {
  const entries = await Promise.all(
    links.map(async (link) => {
      const ok = await fetch(link, { method: "HEAD", redirect: "follow" })
        .then((r) => r.ok)
        .catch(() => false);
      return [link, ok] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export async function POST(request: Request) {
  const form = await request.formData();
  const file = form.get("notes");
  let teamNotes = "";
  if (file instanceof File) {
    if (file.size > MAX_UPLOAD_BYTES) {
      return Response.json({ error: "file too large" }, { status: 413 });
    }
    teamNotes = await file.text();
  }
  const releaseNotes = await readFeed(form.get("feed"));

  const { object: digest } = await generateObject({
    model: anthropic("claude-3-5-haiku-latest"),
    schema: Digest,
    system: "You write a weekly engineering digest. Be factual; include links you were given.",
    prompt: `Release notes:\n${releaseNotes}\n\nTeam notes:\n${teamNotes}`,
  });

  const linkStatus = await checkLinks(digest.links);
  const webhook = process.env.DIGEST_WEBHOOK_URL;
  if (webhook) {
    await fetch(webhook, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...digest, linkStatus }),
    });
  }
  return Response.json({ digest, linkStatus });
}
