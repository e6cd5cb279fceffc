import { formatDate } from "@/lib/format/date";
import type { Invitation, InvitationAnswer } from "@/lib/rsvp/answers";

function describe(answer: InvitationAnswer): string {
  if (answer.status === "Pending") return "No answer yet";
  if (answer.status === "Declined") return "Not attending";
  return answer.mealChoice ? `Attending · ${answer.mealChoice}` : "Attending";
}

/** The household's answers, read-only. */
export function AnswersSummary({ invitation }: { invitation: Invitation }) {
  const names = new Map(invitation.guests.map((guest) => [guest.id, guest.fullName]));
  const diets = invitation.guests.filter((guest) => guest.dietaryPreference);
  return (
    <div className="space-y-4">
      <ul className="space-y-4">
        {invitation.events.map((event) => {
          const plusOnes = event.answers.flatMap((a) => a.plusOneNames);
          const unnamed = event.answers.reduce((sum, a) => sum + a.plusOnes - a.plusOneNames.length, 0);
          return (
            <li key={event.id} className="rounded-md border border-line p-3">
              <h3 className="font-medium text-ink">{event.name}</h3>
              <p className="text-sm text-ink-muted">
                <time dateTime={event.date}>{formatDate(event.date)}</time> · {event.startTime}
              </p>
              <ul className="mt-2 space-y-1 text-sm">
                {event.answers.map((answer) => (
                  <li key={answer.rsvpId} className="flex flex-wrap justify-between gap-x-4">
                    <span className="text-ink">{names.get(answer.guestId)}</span>
                    <span className="text-ink-muted">{describe(answer)}</span>
                  </li>
                ))}
              </ul>
              {plusOnes.length > 0 || unnamed > 0 ? (
                <p className="mt-2 text-sm text-ink">
                  Plus-ones: {[...plusOnes, ...(unnamed > 0 ? [`${unnamed} unnamed`] : [])].join(", ")}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {diets.length > 0 ? (
        <div>
          <h3 className="text-sm font-medium text-ink">Dietary needs</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {diets.map((guest) => (
              <li key={guest.id}>
                <span className="text-ink">{guest.fullName}:</span>{" "}
                <span className="text-ink-muted">{guest.dietaryPreference}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
