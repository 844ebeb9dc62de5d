// "Offline mode" for the kiosk laptops: the widget talks to the Ollama server on the same machine.
import ollama from 'ollama/browser';
import { marked } from 'marked';

const LOCAL_MODEL = 'llama3.2';

export function mountLocalAssistant(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('form.ask')!;
  const input = root.querySelector<HTMLTextAreaElement>('textarea[name="question"]')!;
  const answer = root.querySelector<HTMLDivElement>('.answer')!;
  const status = root.querySelector<HTMLSpanElement>('.status')!;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = 'Thinking…';
    const response = await ollama.chat({
      model: LOCAL_MODEL,
      messages: [
        { role: 'system', content: 'You are the Acme in-store assistant. Answer briefly.' },
        { role: 'user', content: input.value },
      ],
    });
    answer.innerHTML = await marked.parse(response.message.content);
    status.textContent = `Answered by ${response.model}`;
  });
}
