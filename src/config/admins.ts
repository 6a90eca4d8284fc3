import type { Platform } from '../model/index.js';

/** Whether `user` on `platform` is listed in WX_ADMINS (`slack:U0123`, `wecom:zhangsan`). */
export function isAdmin(
  admins: readonly string[],
  who: { platform: Platform; user: string },
): boolean {
  return admins.includes(`${who.platform}:${who.user}`);
}
