/** Registers the command menu shown by Telegram clients, in Chinese (default) and English. */
import type { Api } from 'grammy';
import type { Logger } from '../logger.js';
import { TEXTS } from './texts.js';

/** Calls setMyCommands for the default and the 'en' menus; failures are logged as warnings, never thrown. */
export async function registerCommands(api: Api, logger: Logger): Promise<void> {
  try {
    await api.setMyCommands(TEXTS.zh.commands);
    await api.setMyCommands(TEXTS.en.commands, { language_code: 'en' });
  } catch (error) {
    logger.warn('setMyCommands failed; the command menu may be missing, answers are unaffected', { error });
  }
}
