import { useSyncExternalStore, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import en from './en.json';
import nl from './nl.json';

/**
 * Each feature keeps its own texts beside its pages (`features/<name>/messages.nl.json` and
 * `messages.en.json`), so that features added side by side do not edit one shared file; they are
 * merged here with the common texts of this folder. A key defined twice is a mistake the messages
 * test reports.
 */
const featureFiles = (locale: Locale): Record<string, string>[] =>
  Object.entries(import.meta.glob<Record<string, string>>('../features/*/messages.*.json', { eager: true, import: 'default' }))
    .filter(([path]) => path.endsWith(`.${locale}.json`))
    .map(([, texts]) => texts);
export const messageSources = (locale: Locale): Record<string, string>[] => [locale === 'nl' ? nl : en, ...featureFiles(locale)];

/** design.md §10: Dutch first, English second; dates in Europe/Amsterdam whatever the machine's zone. */
export const TIME_ZONE = 'Europe/Amsterdam';
export type Locale = 'nl' | 'en';
export const messages: Record<Locale, Record<string, string>> = {
  nl: Object.assign({}, ...messageSources('nl')),
  en: Object.assign({}, ...messageSources('en')),
};

// The language is a preference, not a secret: it may stay in localStorage (tokens never do).
const KEY = 'oneroof.locale';
const listeners = new Set<() => void>();
const read = (): Locale => (localStorage.getItem(KEY) === 'en' ? 'en' : 'nl');

export function setLocale(locale: Locale): void {
  localStorage.setItem(KEY, locale);
  document.documentElement.lang = locale;
  listeners.forEach((l) => l());
}

export function useLocale(): Locale {
  return useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, read);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const locale = useLocale();
  document.documentElement.lang = locale;
  return (
    <IntlProvider locale={locale === 'nl' ? 'nl-NL' : 'en-GB'} messages={messages[locale]} defaultLocale="nl-NL" timeZone={TIME_ZONE}>
      {children}
    </IntlProvider>
  );
}
