// The attendee list at the door: a tap anywhere on a row ticks it, and ticks not yet saved are
// shown and asked about before leaving the page. Without this file (or JavaScript) the rows'
// labels still toggle the boxes and the save buttons at the top and bottom do the rest.
(() => {
  const form = document.querySelector('form[data-attendance-form]');
  if (!form) return;
  const notes = form.querySelectorAll('[data-unsaved]');
  let dirty = false;
  const markDirty = () => {
    if (dirty) return;
    dirty = true;
    for (const note of notes) {
      note.hidden = false;
      note.setAttribute('role', 'status');
    }
  };
  form.addEventListener('change', markDirty);
  for (const row of form.querySelectorAll('[data-attendee]')) {
    row.addEventListener('click', (event) => {
      // Links, the box itself, its label and the head-count choice do their own thing.
      if (event.target.closest('a, input, select, label, button')) return;
      const box = row.querySelector('input[type="checkbox"]');
      if (!box) return;
      box.checked = !box.checked;
      markDirty();
    });
    // Choosing how many of a party came ticks the row.
    const choice = row.querySelector('select');
    const box = row.querySelector('input[type="checkbox"]');
    if (choice && box) choice.addEventListener('change', () => (box.checked = true));
  }
  form.addEventListener('submit', () => {
    dirty = false;
  });
  window.addEventListener('beforeunload', (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = '';
  });
})();
