/* Behaviour the pages share, in a file: the Content-Security-Policy (script-src 'self') refuses inline handlers. */
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
