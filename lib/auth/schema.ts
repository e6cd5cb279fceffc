import { z } from "zod";

// What the sign-in, MFA and password forms accept. Limits keep hostile input
// (10 000-character fields, SQL fragments in an email) from reaching argon2 or
// the database at all.

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export const ZEmailSchema = z
  .string()
  .trim()
  .max(254, "Enter a valid email address.")
  .pipe(z.email("Enter a valid email address."))
  .transform((email) => email.toLowerCase());

export const ZCredentialsSchema = z.object({
  email: ZEmailSchema,
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH, "That password is too long."),
});
export type TCredentials = z.infer<typeof ZCredentialsSchema>;

/** A same-site path to return to after sign-in; anything else (other sites, "//host") means home. */
export const ZNextPathSchema = z
  .string()
  .max(2000)
  .regex(/^\/(?![/\\])[^\s\\]*$/)
  .catch("/");

export function safeNextPath(value: unknown): string {
  const path = ZNextPathSchema.parse(typeof value === "string" ? value : "/");
  // Never bounce back into the sign-in flow itself.
  return /^\/(sign-in|sign-out)(\/|\?|$)/.test(path) ? "/" : path;
}

/** A 6-digit authenticator code or a recovery code; spaces and dashes are ignored. */
export const ZMfaCodeSchema = z.object({
  code: z
    .string()
    .max(64, "Enter the 6-digit code from your authenticator app, or a recovery code.")
    .transform((code) => code.replace(/[\s-]/g, "").toUpperCase())
    .pipe(
      z
        .string()
        .regex(/^(\d{6}|[A-Z2-9]{10})$/, "Enter the 6-digit code from your authenticator app, or a recovery code."),
    ),
  next: z.string().max(2000).optional(),
});

export const ZTotpCodeSchema = z
  .string()
  .max(64, "Enter the 6-digit code from your authenticator app.")
  .transform((code) => code.replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app."));

export const ZConfirmMfaSchema = z.object({
  secret: z.string().regex(/^[A-Z2-7]{16,64}$/),
  signature: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  code: ZTotpCodeSchema,
});

export const ZDisableMfaSchema = z.object({
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH, "That password is too long."),
});

export const ZChangePasswordSchema = z
  .object({
    currentPassword: z
      .string()
      .min(1, "Enter your current password.")
      .max(PASSWORD_MAX_LENGTH, "That password is too long."),
    newPassword: z
      .string()
      .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
      .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
    confirmPassword: z.string().max(PASSWORD_MAX_LENGTH, "The passwords do not match."),
  })
  .refine((input) => input.confirmPassword === input.newPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match.",
  })
  .refine((input) => input.newPassword !== input.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one.",
  });
export type TChangePassword = z.infer<typeof ZChangePasswordSchema>;
