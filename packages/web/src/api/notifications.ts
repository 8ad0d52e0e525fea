import type { z } from 'zod';
import type { Notification as NotificationSchema } from '../../../server/src/notifications/routes';
import { getJson, postJson } from './http';

export type Notification = z.infer<typeof NotificationSchema>;
export const fetchNotifications = () => getJson<{ items: Notification[]; unread: number }>('/notifications');
export const markNotificationsRead = (id?: number) => postJson<{ changed: number }>('/notifications/read', id === undefined ? {} : { id });
