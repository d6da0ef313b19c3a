import { createContext, useContext } from "react";
import type { TFieldErrors } from "./definition-errors.ts";

export const FieldErrorsContext = createContext<TFieldErrors>({});

/** Looks up a field's message by its dotted path in the definition. */
export function useFieldErrors(): (path: string) => string | undefined {
  const errors = useContext(FieldErrorsContext);
  return (path) => errors[path];
}

/** Column names of the reference dataset, offered as suggestions in column fields. */
export const ColumnsContext = createContext<string[]>([]);

export function useColumns(): string[] {
  return useContext(ColumnsContext);
}
