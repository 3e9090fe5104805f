// Input schemas for staff accounts. Error messages are message keys under "users.errors".
import { z } from "zod";
import { roles } from "@/lib/permissions";

export const minPasswordLength = 12;

const email = z.string().trim().toLowerCase().pipe(z.email("emailInvalid").max(254, "emailInvalid"));
const name = z.string().trim().min(1, "nameRequired").max(100, "nameTooLong");
const role = z.enum(roles, "roleInvalid");
const userId = z.uuid("userIdInvalid");

// "users.create": a blank password (or generatePassword=on) means "generate one and show it once".
export const createUserInput = z.object({
  name,
  email,
  role,
  password: z
    .string()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || v.length >= minPasswordLength, "passwordTooShort")
    .refine((v) => v === null || v.length <= 200, "passwordTooLong"),
});

// "users.update": rename and/or change role.
export const updateUserInput = z.object({ userId, name: name.optional(), role: role.optional() });

// "users.setDisabled": FormData sends "true"/"false".
export const setDisabledInput = z.object({
  userId,
  disabled: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]),
});

export const resetPasswordInput = z.object({ userId });

export const signOutEverywhereInput = z.object({ userId });
