import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path } from "react-hook-form";
import type { z } from "zod";
import type { ApiError, ApiResult } from "../../../lib/api";
import { run } from "../../../lib/ownData";
import { connectFailure } from "./connectError";

/**
 * What every connect form does with the server, kept in one place so that the
 * forms cannot drift apart: one attempt at a time (`busy`), the fields emptied
 * on success (a secret goes to the keychain, never back on screen), and a
 * refusal put under its field or in the form's alert (`failure`). What a
 * success means (connected, or Garmin's code step) is the form's `onSuccess`.
 */
export function useConnectForm<V extends FieldValues, T, F extends Path<V>>(opts: {
  /** Built once: its messages are i18n keys, translated where shown. */
  schema: () => z.ZodType<V, V>;
  empty: V;
  /** The fields the server may name in an `invalid_input`. */
  fields: readonly F[];
  command: (values: V) => Promise<ApiResult<T>>;
  onSuccess: (data: T) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [resolver] = useState(() => zodResolver(opts.schema()));
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<V>({ resolver, defaultValues: opts.empty as DefaultValues<V> });

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    setBusy(true);
    const res = await run(() => opts.command(values));
    setBusy(false);
    if (res.status === "ok") {
      reset(opts.empty);
      opts.onSuccess(res.data);
      return;
    }
    setFailure(connectFailure(res.error, opts.fields, (f, message) => setError(f, { type: "server", message })));
  });

  return { register, errors, busy, failure, onSubmit };
}
