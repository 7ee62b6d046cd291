/**
 * The pre-chat form (config `preChat`), in the composer's place until the visitor is identified: a
 * `form` named by its title, a labelled field each, validation messages under the fields (tied with
 * `aria-describedby`, in the visitor's language), the first wrong field focused. Submitting calls
 * `identify()` with the values, so the backend's identity mapping carries them; then the composer
 * comes back. `when: 'away'` (no operator online): "We're away — leave your email and we'll reply",
 * with a message field whose text is sent once the visitor is identified.
 */
import { useComputed, useSignal } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { uuid } from '../../core/env';
import type { PreChatConfig, PreChatField } from '../../core/pre-chat';
import { AWAY_MESSAGE_FIELD, fieldError, fieldLabel, identityFrom, preChatApplies } from '../pre-chat';
import { settle, type WidgetState } from '../state';
import { Composer } from './Composer';

/** The composer, or the pre-chat form while it applies (the composer is focused once it is done). */
export function ComposerOrPreChat({ state }: { state: WidgetState }) {
  const { chat, preChat } = state;
  const applies = useComputed(() => preChatApplies(preChat, !!chat.identity.value, chat.operatorOnline.value));
  const wasApplying = useRef(applies.value);
  useLayoutEffect(() => {
    if (wasApplying.current && !applies.value) state.composer.current?.focus();
    wasApplying.current = applies.value;
  }, [applies.value]);
  return applies.value ? <PreChatForm state={state} preChat={preChat!} /> : <Composer state={state} />;
}

function PreChatForm({ state, preChat }: { state: WidgetState; preChat: PreChatConfig }) {
  const { chat } = state;
  const { t } = state.i18n.value;
  const errors = useSignal<Record<string, string>>({});
  const busy = useSignal(false);
  const form = useRef<HTMLFormElement>(null);
  const away = preChat.when === 'away';
  const fields = away ? [...preChat.fields, AWAY_MESSAGE_FIELD] : preChat.fields;

  const submit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(form.current!);
    const values: Record<string, string> = {};
    const found: Record<string, string> = {};
    for (const field of fields) {
      values[field.name] = String(data.get(field.name) ?? '').trim();
      const error = fieldError(field, values[field.name]!, t);
      if (error) found[field.name] = error;
    }
    errors.value = found;
    const firstWrong = fields.find((field) => found[field.name]);
    if (firstWrong) return form.current!.querySelector<HTMLElement>(`[name="${firstWrong.name}"]`)?.focus();
    busy.value = true;
    try {
      await chat.identify(identityFrom(values, chat.identity.peek()?.id, uuid));
      if (away) settle(Promise.resolve().then(() => chat.send(values[AWAY_MESSAGE_FIELD.name]!)));
    } finally {
      busy.value = false;
    }
  };

  return (
    <form ref={form} class="pre-chat" aria-labelledby="parley-pre-chat-title" noValidate onSubmit={(event) => settle(submit(event))}>
      <p id="parley-pre-chat-title" class="pre-chat-title">
        {t(away ? 'awayTitle' : 'preChatTitle')}
      </p>
      {fields.map((field) => (
        <FieldRow key={field.name} field={field} label={fieldLabel(field, t)} error={errors.value[field.name]} />
      ))}
      <button class="pill-button" disabled={busy.value}>
        {t(away ? 'leaveMessage' : 'startChat')}
      </button>
    </form>
  );
}

const AUTOCOMPLETE: Record<string, string> = { name: 'name', email: 'email', phone: 'tel' };

function FieldRow({ field, label, error }: { field: PreChatField; label: string; error: string | undefined }) {
  const id = 'parley-field-' + field.name;
  const common = {
    id,
    name: field.name,
    dir: 'auto' as const,
    'aria-required': field.required ? ('true' as const) : undefined,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': error ? id + '-error' : undefined,
  };
  return (
    <div class="pre-chat-field">
      <label for={id}>{label}</label>
      {field.type === 'textarea' ? <textarea rows={3} {...common} /> : <input type={field.type as 'text' | 'email' | 'tel'} list={undefined /* (Preact's input typing) */} autocomplete={AUTOCOMPLETE[field.name]} {...common} />}
      {error && (
        <p id={id + '-error'} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
