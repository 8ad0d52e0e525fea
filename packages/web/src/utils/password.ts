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

export const PASSWORD_RULES: readonly PasswordProblem[] = ['length', 'classes', 'username'];
export type RuleState = 'pending' | 'ok' | 'bad';

/** Each rule as the form shows it: neutral until something is typed, then met or not. */
export function passwordRuleStates(password: string, username?: string): Record<PasswordProblem, RuleState> {
  const problems = passwordProblems(password, username);
  const state = (p: PasswordProblem): RuleState => (!password ? 'pending' : problems.includes(p) ? 'bad' : 'ok');
  return { length: state('length'), classes: state('classes'), username: state('username') };
}
