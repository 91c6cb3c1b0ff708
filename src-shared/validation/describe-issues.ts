/**
 * A validation failure as one line people can act on ("tenders.0.amount: Too small…"),
 * instead of the schema library's JSON dump. `whole` names the input when the issue is
 * about all of it.
 */
export function describeIssues(
  error: { readonly issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  whole = '(arguments)',
): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || whole}: ${issue.message}`)
    .join('; ');
}
