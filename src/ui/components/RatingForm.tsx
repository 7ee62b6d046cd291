/**
 * Satisfaction, when the backend asks for it: five stars as native radio buttons ("3 out of 5", arrow
 * keys move), an optional comment and Send; then a thank-you line.
 */
import { useSignal } from '@preact/signals';
import { settle, type WidgetState } from '../state';

const SCORES = [1, 2, 3, 4, 5];

export function RatingForm({ state }: { state: WidgetState }) {
  const { chat } = state;
  const score = useSignal(0);
  const csat = chat.csat.value;
  const { t } = state.i18n.value;
  if (csat === 'submitted') return <p class="system-notice">{t('thanks')}</p>;
  if (csat !== 'requested') return null;
  const chosen = score.value;
  return (
    <form
      class="rating-form"
      onSubmit={(event) => {
        event.preventDefault();
        const comment = (event.currentTarget.elements.namedItem('comment') as HTMLTextAreaElement).value.trim();
        settle(chat.submitCsat(chosen, comment || undefined));
        score.value = 0;
        state.composer.current?.focus();
      }}
    >
      <fieldset>
        <legend>{t('rate')}</legend>
        {SCORES.map((value) => (
          <label class={value <= chosen ? 'star star-chosen' : 'star'}>
            <input
              class="visually-hidden"
              type="radio"
              name="score"
              checked={value === chosen}
              aria-label={t('stars', { n: value })}
              onChange={() => (score.value = value)}
            />
            ★
          </label>
        ))}
      </fieldset>
      <textarea name="comment" rows={2} aria-label={t('comment')} placeholder={t('comment')} />
      <button class="pill-button" disabled={!chosen}>
        {t('send')}
      </button>
    </form>
  );
}
