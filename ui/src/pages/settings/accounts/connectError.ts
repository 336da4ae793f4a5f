import type { FieldError } from "react-hook-form";
import type { TFunction } from "i18next";
import type { ApiError } from "../../../lib/api";

/**
 * Puts a refused connection where the athlete will see it: an `invalid_input`
 * about one of the form's fields under that field; a cancellation nowhere (the
 * athlete asked for it); anything else is returned for the form's alert.
 */
export function connectFailure<F extends string>(
  error: ApiError,
  fields: readonly F[],
  setFieldError: (field: F, message: string) => void,
): ApiError | null {
  const field = error.field as F | null | undefined;
  if (error.code === "invalid_input" && field && fields.includes(field)) {
    setFieldError(field, error.message);
    return null;
  }
  if (error.code === "cancelled") return null;
  return error;
}

/** A field's message: the server's as sent, the schema's translated. */
export const fieldMessage = (t: TFunction, e: FieldError | undefined) =>
  e?.message ? (e.type === "server" ? e.message : t(e.message)) : undefined;
