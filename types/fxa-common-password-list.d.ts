declare module 'fxa-common-password-list' {
  /** True when the (lower-cased) password is on Mozilla's common-password list. */
  export function test(password: string): boolean;
}
