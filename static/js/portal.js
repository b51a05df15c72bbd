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
  // Start from the page's own query (a tab such as ?status=completed is not in the filter form), then
  // take the filter form's current values over it.
  var params = new URLSearchParams(window.location.search);
  new FormData(form).forEach(function (value, key) { params.delete(key); });
  new FormData(form).forEach(function (value, key) { if (typeof value === "string") { params.append(key, value); } });
  params.delete("page");
  params.set("export", link.getAttribute("data-list-export"));
  link.setAttribute("href", window.location.pathname + "?" + params.toString());
});
// The IIN tells the date of birth and the sex (DOMAIN.md 1.1): a form whose IIN field has
// data-iin-fills fills them while they are empty (the server does the same when they stay empty).
document.addEventListener("input", function (event) {
  var el = event.target;
  if (!el.matches || !el.matches("input[data-iin-fills]") || !/^[0-9]{12}$/.test(el.value)) { return; }
  var c = parseInt(el.value.charAt(6), 10);
  if (c < 1 || c > 6) { return; }
  var century = c <= 2 ? 1800 : (c <= 4 ? 1900 : 2000);
  var iso = (century + parseInt(el.value.slice(0, 2), 10)) + "-" + el.value.slice(2, 4) + "-" + el.value.slice(4, 6);
  var form = el.form;
  var birth = form.querySelector("input[name=birth_date]");
  var sex = form.querySelector("select[name=sex]");
  if (birth && !birth.value && !isNaN(Date.parse(iso))) { birth.value = iso; }
  if (sex && !sex.value) { sex.value = c % 2 === 1 ? "m" : "f"; }
});
// A form doing one long step (data-running): once sent, its buttons are off and its note says it runs.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-running]") || event.defaultPrevented) { return; }
  var note = form.querySelector("[data-running-note]");
  if (note) { note.classList.remove("d-none"); }
  setTimeout(function () {  // after the browser has taken the submit button's value
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  }, 0);
});
// The navbar on a wide screen keeps to one line: the areas that do not fit beside the school's name
// and the tools are hidden and listed under "More" instead (core.templatetags.portal.nav_menu).
(function () {
  function fit() {
    var nav = document.querySelector("#mainnav > .navbar-nav");
    var more = nav && nav.querySelector("[data-nav-more]");
    if (!more) { return; }
    var areas = Array.prototype.slice.call(nav.querySelectorAll("[data-nav-area]"));
    var folded = more.querySelectorAll("[data-nav-more-area]");
    areas.forEach(function (a) { a.classList.remove("d-none"); });
    folded.forEach(function (f) { f.classList.add("d-none"); });
    more.classList.add("d-none");
    if (window.innerWidth < 1200 || !areas.length) { return; }  // the collapsed menu lists every area
    var wraps = function () {
      var top = areas[0].offsetTop;
      return areas.concat([more]).some(function (a) { return !a.classList.contains("d-none") && a.offsetTop > top; });
    };
    if (!wraps()) { return; }
    more.classList.remove("d-none");
    for (var i = areas.length - 1; i > 0 && wraps(); i--) {
      areas[i].classList.add("d-none");
      more.querySelector("[data-nav-more-area='" + i + "']").classList.remove("d-none");
    }
  }
  document.addEventListener("DOMContentLoaded", fit);
  window.addEventListener("resize", fit);
})();
