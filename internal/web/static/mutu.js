// Mutu's only page script: forms marked data-autosubmit submit when a
// field changes (period selectors). Pages work without it (a submit
// button is shown in <noscript>).
document.addEventListener("change", function (e) {
  var form = e.target.form;
  if (form && form.hasAttribute("data-autosubmit")) {
    form.requestSubmit ? form.requestSubmit() : form.submit();
  }
});
