import { createApiToken, createUser, findUser, resetPassword, updateUserAccount } from '@gongfu/server';
import { withStore } from '../context.js';
import { printOneTimePassword } from '../output.js';

export async function userAdd(username: string, options: { name?: string; region?: string; role: string[] }): Promise<void> {
  await withStore(async ({ store, actor }) => {
    const { password } = await createUser(store.db, actor, {
      username,
      displayName: options.name ?? username,
      regionCode: options.region ?? null,
      roles: options.role,
    });
    console.log(`已创建用户 / user created: ${username} (${options.role.join(', ') || '无角色 / no role'})`);
    printOneTimePassword(username, password);
  });
}

export async function userPasswd(username: string): Promise<void> {
  await withStore(async ({ store, actor }) => {
    const password = await resetPassword(store.db, actor, username);
    console.log(`已重置密码，所有会话已结束 / password reset, all sessions ended: ${username}`);
    printOneTimePassword(username, password);
  });
}

export async function userDisable(username: string, options: { enable?: boolean }): Promise<void> {
  await withStore(async ({ store, actor }) => {
    const user = await findUser(store.db, { username });
    if (!user) throw new Error(`用户不存在 / no such user: ${username}`);
    await updateUserAccount(store.db, actor, user.id, { disabled: !options.enable });
    console.log(options.enable ? `已启用 / enabled: ${username}` : `已停用，会话已结束 / disabled, sessions ended: ${username}`);
  });
}

export async function userToken(username: string, options: { name: string; days?: string }): Promise<void> {
  await withStore(async ({ store, actor }) => {
    const token = await createApiToken(store.db, actor, username, options.name, options.days ? Number(options.days) : undefined);
    console.log(`API 令牌（仅显示一次）/ API token (shown once) for ${username}:`);
    console.log(token);
    console.log('用法 / use: GONGFU_SERVER=http://host:8080 GONGFU_TOKEN=<token> gongfu import FILE');
  });
}
