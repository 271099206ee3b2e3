/**
 * An unexpected error as it may be logged: its name, message, database code
 * and stack — never the query parameters, the statement or the driver's
 * details, which can hold bid content, personal data or secrets.
 */
export function errorForLog(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { message: String(e) };
  const code = (e as { code?: unknown }).code ?? (e as { driverError?: { code?: unknown } }).driverError?.code;
  return { type: e.name, message: e.message, ...(code !== undefined ? { code: String(code) } : {}), stack: e.stack };
}
