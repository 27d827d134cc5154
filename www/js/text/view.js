// Placeholder until the view lands.
export function mount(root) {
  const p = document.createElement('p');
  p.textContent = 'This view is being built.';
  root.append(p);
  return { unmount() {} };
}
