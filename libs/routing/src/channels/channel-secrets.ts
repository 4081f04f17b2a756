/** HKDF purpose under which channel passwords are sealed; changing it makes every sealed password unreadable. */
export const CHANNEL_PASSWORD_PURPOSE = 'channel-password';
