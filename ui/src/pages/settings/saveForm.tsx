import { notifications } from "@mantine/notifications";
import { IconCheck } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { ApiResult } from "../../lib/api";

/** Where a settings form stands with the server. */
export type SaveStatus = "idle" | "saving" | "saved" | "error";

/**
 * Saves a settings form: calls the command, then either confirms (status,
 * notification, `onSaved`) or puts the server's refusal where the user will
 * see it: under its field when the server names one the form has, else in the
 * form's alert.
 */
export async function saveForm<T, F extends string>(opts: {
  call: () => Promise<ApiResult<T>>;
  isField: (field: string | null | undefined) => field is F;
  setFieldError: (field: F, message: string) => void;
  setFormError: (message: string | null) => void;
  setStatus: (status: SaveStatus) => void;
  saved: ReactNode;
  onSaved: (data: T) => void;
}): Promise<void> {
  opts.setFormError(null);
  opts.setStatus("saving");
  try {
    const res = await opts.call();
    if (res.status === "ok") {
      opts.setStatus("saved");
      notifications.show({ color: "teal", icon: <IconCheck size={18} />, message: opts.saved });
      opts.onSaved(res.data);
      return;
    }
    opts.setStatus("error");
    const { field, message } = res.error;
    if (res.error.code === "invalid_input" && opts.isField(field)) {
      opts.setFieldError(field, message);
    } else {
      opts.setFormError(message);
    }
  } catch (e) {
    opts.setStatus("error");
    opts.setFormError(e instanceof Error ? e.message : String(e));
  }
}
