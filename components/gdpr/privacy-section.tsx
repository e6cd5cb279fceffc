import { buttonClasses } from "@/components/ui/button";
import { EraseForm } from "./erase-form";

type Props =
  | { subject: "guest"; weddingId: number; guestId: number; name: string }
  | { subject: "client"; weddingId: number; clientId: number; name: string };

/** Right of access (download) and right of erasure for one person. */
export function PrivacySection(props: Props) {
  const href =
    props.subject === "guest"
      ? `/weddings/${props.weddingId}/guests/${props.guestId}/export`
      : `/weddings/${props.weddingId}/privacy-export`;
  const who = props.subject === "guest" ? "this guest" : "the couple";
  return (
    <section aria-labelledby="privacy-heading" className="space-y-4">
      <div>
        <h2 id="privacy-heading" className="text-lg font-semibold text-ink">
          Privacy requests
        </h2>
        <p className="mt-1 text-sm text-ink-muted">
          Download everything held about {who} as JSON, or erase it. Erasure cannot be undone
          {props.subject === "client"
            ? ": the guest list goes, the couple and weddings are pseudonymised, bookings and payments stay for the books."
            : ": the guest, their answers, consents and mail go, with every other guest entry under the same email."}
        </p>
      </div>
      <a href={href} download className={buttonClasses("secondary")}>
        Download personal data (JSON)
      </a>
      <EraseForm {...props} />
    </section>
  );
}
