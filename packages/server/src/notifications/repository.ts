/**
 * In-app notifications: one row per recipient. Modules notify the accounts of a region that hold a
 * permission (the people who must act); each account reads and dismisses its own rows. An outgoing
 * hook (SMS, 浙政钉) can later send the same rows without another table.
 */
import { sql } from 'drizzle-orm';
import { isoTime, one, rows, type Db } from '../db/store.js';

export interface NotificationMessage {
  kind: string;
  titleZh: string;
  titleEn: string;
  bodyZh?: string;
  bodyEn?: string;
  /** the web path the notification opens, e.g. /collect/12 */
  link?: string;
}

export interface NotificationRow extends Required<Omit<NotificationMessage, 'link'>> {
  id: number;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/**
 * Notifies every enabled account whose own region is `regionCode` and whose roles grant
 * `permission`. Returns how many accounts were notified.
 */
export async function notifyRegion(tx: Db, regionCode: string, permission: string, m: NotificationMessage): Promise<number> {
  const inserted = await rows<{ id: number }>(
    tx,
    sql`insert into notification (user_id, kind, title_zh, title_en, body_zh, body_en, link)
        select u.id, ${m.kind}, ${m.titleZh}, ${m.titleEn}, ${m.bodyZh ?? ''}, ${m.bodyEn ?? ''}, ${m.link ?? null}
        from app_user u
        where u.region_code = ${regionCode} and not u.disabled
          and exists (select 1 from user_role ur join role r on r.id = ur.role_id
                      where ur.user_id = u.id and ${permission} = any(r.permissions))
        returning id`,
  );
  return inserted.length;
}

/** Notifies one account by its actor id (`user:<username>`), when it is an enabled account. Returns 0 or 1. */
export async function notifyActor(tx: Db, actorId: string, m: NotificationMessage): Promise<number> {
  if (!actorId.startsWith('user:')) return 0;
  const inserted = await rows<{ id: number }>(
    tx,
    sql`insert into notification (user_id, kind, title_zh, title_en, body_zh, body_en, link)
        select u.id, ${m.kind}, ${m.titleZh}, ${m.titleEn}, ${m.bodyZh ?? ''}, ${m.bodyEn ?? ''}, ${m.link ?? null}
        from app_user u where u.username = ${actorId.slice('user:'.length)} and not u.disabled
        returning id`,
  );
  return inserted.length;
}

/** Notifies the enabled accounts that represent an enterprise (subject id). Returns how many. */
export async function notifyEnterprise(tx: Db, enterpriseId: number, m: NotificationMessage): Promise<number> {
  const inserted = await rows<{ id: number }>(
    tx,
    sql`insert into notification (user_id, kind, title_zh, title_en, body_zh, body_en, link)
        select u.id, ${m.kind}, ${m.titleZh}, ${m.titleEn}, ${m.bodyZh ?? ''}, ${m.bodyEn ?? ''}, ${m.link ?? null}
        from app_user u where u.enterprise_id = ${enterpriseId} and not u.disabled
        returning id`,
  );
  return inserted.length;
}

const COLUMNS = sql`id, kind, title_zh as "titleZh", title_en as "titleEn", body_zh as "bodyZh", body_en as "bodyEn", link,
  ${isoTime(sql`created_at`)} as "createdAt", ${isoTime(sql`read_at`)} as "readAt"`;

export async function listNotifications(db: Db, userId: number, limit: number): Promise<{ items: NotificationRow[]; unread: number }> {
  const items = await rows<NotificationRow>(
    db,
    sql`select ${COLUMNS} from notification where user_id = ${userId} order by created_at desc, id desc limit ${limit}`,
  );
  const unread = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from notification where user_id = ${userId} and read_at is null`,
  );
  return { items, unread: unread?.n ?? 0 };
}

/** Marks the account's notifications read (one, or all when `id` is null); returns how many changed. */
export async function markRead(tx: Db, userId: number, id: number | null): Promise<number> {
  const changed = await rows<{ id: number }>(
    tx,
    sql`update notification set read_at = now()
        where user_id = ${userId} and read_at is null ${id === null ? sql`` : sql`and id = ${id}`} returning id`,
  );
  return changed.length;
}
