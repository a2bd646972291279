// Printing: the canvas would print cropped at its on-screen size, so a picture of the whole diagram
// replaces it for the printout (the print stylesheet scales it to the page), and folded lists open
// so the paper has every entry. Both are undone when printing ends.
import { state } from './state.js';

let opened = [];

window.addEventListener('beforeprint', () => {
  const box = document.querySelector('#diagram');
  if (box && state.cy) {
    box.querySelector('img.print-diagram')?.remove();
    const img = document.createElement('img');
    img.className = 'print-diagram';
    img.alt = box.getAttribute('aria-label') || 'Diagram';
    img.src = state.cy.png({ full: true, scale: 2, bg: '#ffffff' });
    box.append(img);
  }
  opened = [...document.querySelectorAll('#view details:not([open])')];
  for (const details of opened) details.open = true;
});

window.addEventListener('afterprint', () => {
  document.querySelector('#diagram img.print-diagram')?.remove();
  for (const details of opened) details.open = false;
  opened = [];
});
