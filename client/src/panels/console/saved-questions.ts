import type { JsonValue, SavedQuery } from '../../../../server/api-types.ts';
import { describeError, type ApiClient } from '../../api/api-client.ts';
import { button, clear, el, formatValue } from '../dom.ts';

export interface SavedQuestionsOptions {
  /** Runs a question with the values its form was filled in with. */
  run(query: SavedQuery, values: Record<string, JsonValue>): Promise<void>;
  /** Puts a question's Cypher in the editor, to read or change before running. */
  openInEditor(cypher: string): void;
}

/** The console's saved questions: a list, and a form for the one picked with its parameters. */
export function savedQuestions(
  api: ApiClient,
  options: SavedQuestionsOptions,
): { list: HTMLUListElement; form: HTMLFormElement } {
  const list = el('ul', { className: 'saved-list', testId: 'saved-queries' });
  const form = el('form', { className: 'saved-form', testId: 'saved-form' });
  form.hidden = true;
  const open = (query: SavedQuery) => {
    clear(form);
    form.hidden = false;
    list.hidden = true;
    const inputs = query.parameters.map((parameter) => {
      const input = el('input', {
        attrs: {
          name: parameter.name,
          type:
            parameter.type === 'integer' || parameter.type === 'float'
              ? 'number'
              : parameter.type === 'date'
                ? 'date'
                : parameter.type === 'boolean'
                  ? 'checkbox'
                  : 'text',
          'aria-label': parameter.name,
          ...(parameter.type === 'float' ? { step: 'any' } : {}),
        },
      });
      if (parameter.default !== undefined && parameter.default !== null) {
        if (input.type === 'checkbox') input.checked = parameter.default === true;
        else input.value = formatValue(parameter.default);
      }
      return { parameter, input };
    });
    form.append(
      button(
        '← All questions',
        () => {
          form.hidden = true;
          list.hidden = false;
        },
        { className: 'link back-link', testId: 'saved-back' },
      ),
      el('h4', { text: query.title }),
      el('p', { className: 'muted', text: query.description }),
      ...inputs.map(({ parameter, input }) =>
        el('label', { className: 'param' }, [
          el('span', { className: 'param-name', text: parameter.name }),
          input,
          parameter.description
            ? el('span', { className: 'muted param-help', text: parameter.description })
            : null,
        ]),
      ),
      el('div', { className: 'actions' }, [
        el('button', {
          className: 'primary small',
          text: 'Run question',
          testId: 'saved-run',
          attrs: { type: 'submit' },
        }),
        button('Open in editor', () => options.openInEditor(query.cypher), {
          className: 'small',
        }),
      ]),
    );
    form.onsubmit = async (event) => {
      event.preventDefault();
      const values: Record<string, JsonValue> = {};
      for (const { parameter, input } of inputs) {
        if (parameter.type === 'boolean') values[parameter.name] = input.checked;
        else if (input.value === '') continue;
        else if (parameter.type === 'integer')
          values[parameter.name] = Math.trunc(Number(input.value));
        else if (parameter.type === 'float') values[parameter.name] = Number(input.value);
        else values[parameter.name] = input.value;
      }
      await options.run(query, values);
    };
    form.querySelector<HTMLInputElement>('input')?.focus({ preventScroll: true });
  };
  api.savedQueries().then(
    ({ queries }) => {
      clear(list);
      for (const query of queries) {
        list.append(
          el('li', {}, [
            button(query.title, () => open(query), {
              className: 'saved-item',
              testId: 'saved-query',
              title: query.description,
            }),
          ]),
        );
      }
      if (queries.length === 0)
        list.append(el('li', { className: 'hint', text: 'No saved questions.' }));
    },
    (error: unknown) =>
      list.append(el('li', { className: 'error-text', text: describeError(error) })),
  );
  return { list, form };
}
