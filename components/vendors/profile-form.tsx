"use client";

import { FormOutcome, TextField, useFormAction } from "@/components/budget/form-parts";
import { Button } from "@/components/ui/button";
import { FieldError, Label, Select, describedBy } from "@/components/ui/input";
import { updateVendorProfileAction } from "@/lib/vendors/actions";
import {
  MAX_REGION,
  MAX_VENDOR_DESCRIPTION,
  MAX_VENDOR_NAME,
  PRICE_BANDS,
  SERVICE_CATEGORIES,
  priceBandLabel,
} from "@/lib/vendors/schema";
import { textareaClasses } from "./textarea";

export type ProfileValues = {
  name: string;
  description: string | null;
  region: string;
  priceBand: number;
  serviceCategory: string;
  version: string;
};

/** The vendor's own profile. The version is the row's updated_at, so a change made elsewhere is never overwritten. */
export function VendorProfileForm({ profile }: { profile: ProfileValues }) {
  const { state, pending, onSubmit, errors } = useFormAction(updateVendorProfileAction);
  return (
    <form onSubmit={onSubmit} aria-label="Your profile" className="space-y-4" noValidate>
      <input type="hidden" name="version" value={profile.version} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id="profile-name"
          name="name"
          label="Business name"
          defaultValue={profile.name}
          errors={errors.name}
          maxLength={MAX_VENDOR_NAME}
          required
          autoComplete="organization"
        />
        <TextField
          id="profile-region"
          name="region"
          label="Region"
          defaultValue={profile.region}
          errors={errors.region}
          maxLength={MAX_REGION}
          required
          hint="Where you work, e.g. Ohrid or Tuscany."
        />
        <div>
          <Label htmlFor="profile-category">Service category</Label>
          <Select
            id="profile-category"
            name="serviceCategory"
            defaultValue={profile.serviceCategory}
            className="mt-1"
            {...describedBy("profile-category-error", errors.serviceCategory)}
          >
            {SERVICE_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {category}
              </option>
            ))}
          </Select>
          <FieldError id="profile-category-error" errors={errors.serviceCategory} />
        </div>
        <div>
          <Label htmlFor="profile-band">Price band</Label>
          <Select
            id="profile-band"
            name="priceBand"
            defaultValue={String(profile.priceBand)}
            className="mt-1"
            {...describedBy("profile-band-error", errors.priceBand)}
          >
            {PRICE_BANDS.map((band) => (
              <option key={band} value={band}>
                {priceBandLabel(band)}
              </option>
            ))}
          </Select>
          <FieldError id="profile-band-error" errors={errors.priceBand} />
        </div>
      </div>
      <div>
        <Label htmlFor="profile-description">Description</Label>
        <textarea
          id="profile-description"
          name="description"
          rows={6}
          maxLength={MAX_VENDOR_DESCRIPTION}
          defaultValue={profile.description ?? ""}
          className={textareaClasses}
          {...describedBy("profile-description-error", errors.description)}
        />
        <FieldError id="profile-description-error" errors={errors.description} />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save profile"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}
