"use client";

import { useState } from "react";
import { QuickActionForm } from "@/components/budget/form-parts";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { createCalendarFeedAction, revokeCalendarFeedAction } from "@/lib/calendar/actions";

// The wedding's calendar link: show it with a way to copy and subscribe,
// create one, replace it, or revoke it. The link is a secret: whoever has it
// sees the schedule, so replacing or revoking it is how access ends.

/** A live link (url and createdAt), or none (url null; revokedAt when an earlier one was revoked). */
export type CalendarFeedView = { url: string | null; createdAt: string | null; revokedAt: string | null };

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  }
  return (
    <>
      <Button type="button" variant="secondary" onClick={copy}>
        Copy link
      </Button>
      <span role="status" className="text-sm text-ink-muted">
        {copied === "yes" ? "Copied." : copied === "no" ? "Copying failed: select the link and copy it." : ""}
      </span>
    </>
  );
}

export function CalendarFeedCard({ weddingId, feed }: { weddingId: number; feed: CalendarFeedView }) {
  const fields = { weddingId };
  return (
    <Card aria-labelledby="calendar-feed-title">
      <CardTitle id="calendar-feed-title">Calendar feed</CardTitle>
      <CardDescription>
        Subscribe to the schedule in Google Calendar, Apple Calendar or Outlook. The link shows the events that are not
        cancelled, at their local times (no time zone); anyone with the link can read it, so share it with care.
      </CardDescription>
      {feed.url ? (
        <div className="mt-4 space-y-3">
          <div>
            <Label htmlFor="calendar-feed-url">Calendar link</Label>
            <Input
              id="calendar-feed-url"
              readOnly
              value={feed.url}
              className="mt-1 font-mono text-xs"
              onFocus={(event) => event.currentTarget.select()}
            />
            <p className="mt-1 text-xs text-ink-muted">Created {feed.createdAt}.</p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <CopyButton text={feed.url} />
            <a href={feed.url.replace(/^https?:/, "webcal:")} className={buttonClasses("secondary")}>
              Subscribe
            </a>
          </div>
          <div className="flex flex-wrap items-start gap-2 border-t border-line pt-3">
            <QuickActionForm
              action={createCalendarFeedAction}
              label="Revoke and create a new calendar link"
              fields={fields}
              confirm="Revoke this link and create a new one? Calendars subscribed to the old link stop updating."
            >
              <Button type="submit" variant="secondary">
                Revoke and create a new link
              </Button>
            </QuickActionForm>
            <QuickActionForm
              action={revokeCalendarFeedAction}
              label="Revoke the calendar link"
              fields={fields}
              confirm="Revoke this link? Calendars subscribed to it stop updating, and nobody can open it any more."
            >
              <Button type="submit" variant="secondary">
                Revoke link
              </Button>
            </QuickActionForm>
          </div>
        </div>
      ) : (
        <div className="mt-4 space-y-2">
          {feed.revokedAt ? (
            <p className="text-sm text-ink-muted">
              The previous link was revoked {feed.revokedAt}; it no longer works.
            </p>
          ) : null}
          <QuickActionForm action={createCalendarFeedAction} label="Create a calendar link" fields={fields}>
            <Button type="submit">Create link</Button>
          </QuickActionForm>
        </div>
      )}
    </Card>
  );
}
