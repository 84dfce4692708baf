// Head count taps without reloading the page: the same form post, sent in the background.
// Without this file (or JavaScript) each tap reloads the page, and the count is the same.
(() => {
  const script = document.currentScript;
  const status = document.querySelector('[data-count-status]');
  const totalText = script ? script.getAttribute('data-total-text') || '' : '';
  for (const form of document.querySelectorAll('form[data-count-form]')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = form.querySelector('button');
      try {
        const response = await fetch(form.getAttribute('action') || location.pathname, {
          method: 'POST',
          body: new URLSearchParams(new FormData(form)),
          headers: { Accept: 'application/json' },
          credentials: 'same-origin',
        });
        if (!response.ok) throw new Error(String(response.status));
        const answer = await response.json();
        for (const out of document.querySelectorAll('[data-count-n]')) {
          if (out.getAttribute('data-count-n') === answer.slot) out.textContent = String(answer.n);
        }
        if (status) status.textContent = totalText.replace('{count}', String(answer.total));
      } catch {
        // Anything unexpected: the ordinary post, which shows the page's own answer.
        form.submit();
      }
      if (button) button.focus();
    });
  }
})();
