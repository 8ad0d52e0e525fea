/** The server's password policy (packages/server/src/auth/passwords.ts), checked as the user types. */
export type PasswordProblem = 'length' | 'classes' | 'username';

export function passwordProblems(password: string, username?: string): PasswordProblem[] {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  const problems: PasswordProblem[] = [];
  if (password.length < 10) problems.push('length');
  if (classes < 3) problems.push('classes');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('username');
  return problems;
}
