import type { Metadata } from "next";

export const metadata: Metadata = { title: "Invitation not found", robots: { index: false, follow: false } };

// One answer for every bad link, malformed or unknown, so nobody learns which tokens exist.
export default function InvitationNotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-lg border border-line bg-surface px-6 py-10 text-center">
      <h1 className="text-xl font-semibold text-ink">Invitation not found</h1>
      <p className="mt-2 text-sm text-ink-muted">
        This invitation link is not valid. Check the link or QR code on your invitation, or ask the couple for a new
        one.
      </p>
    </div>
  );
}
