// Small behaviours without inline script (the CSP forbids it).
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches && el.matches("select[data-autosubmit], input[data-autosubmit]")) { el.form.submit(); }
});
document.addEventListener("click", function (event) {
  var el = event.target.closest && event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
});
// Export buttons of a list page (data-list-export) follow the filters as they are now: search as
// you type changes them without reloading the page, so the link written at load is out of date.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-list-export]");
  if (!link) { return; }
  var form = document.querySelector("form.list-filters");
  if (!form) { return; }
  var params = new URLSearchParams(new FormData(form));
  params.set("export", link.getAttribute("data-list-export"));
  link.setAttribute("href", window.location.pathname + "?" + params.toString());
});
