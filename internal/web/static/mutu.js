// Mutu's only page script: forms marked data-autosubmit submit when a
// field changes (period selectors). Pages work without it (a submit
// button is shown in <noscript>).
document.addEventListener("change", function (e) {
  var form = e.target.form;
  if (form && form.hasAttribute("data-autosubmit")) {
    form.requestSubmit ? form.requestSubmit() : form.submit();
  }
});

// A box that scrolls sideways (a wide table, a sample file, a chart on a
// phone) must take the keyboard focus, or keyboard users cannot scroll it.
function focusScrollers() {
  document.querySelectorAll(".tablewrap, pre, .chart .scroller").forEach(function (e) {
    if (e.scrollWidth > e.clientWidth) {
      e.tabIndex = 0;
    } else {
      e.removeAttribute("tabindex");
    }
  });
}
document.addEventListener("DOMContentLoaded", focusScrollers);
window.addEventListener("resize", focusScrollers);
document.addEventListener("htmx:afterSwap", focusScrollers);
