// The public application form (ADM-1) is sent by htmx (templates/admissions/public/_apply_form.html).
(function () {
  function refusing(event) {
    var elt = event.detail && event.detail.elt;
    return elt && elt.closest && elt.closest("form[data-swap-refusals]");
  }
  // A refusal the server answers with a 4xx (too many requests from one address) is a page to show,
  // like the form's other answers: htmx would leave the form as it was.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (refusing(event) && status >= 400 && status < 500) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // No answer (the network) or a server error: the browser sends the same form itself and shows
  // what comes back. The form's request id makes the second sending return the same application.
  function fallBack(event) {
    var form = refusing(event);
    if (form && !(event.detail.xhr && event.detail.xhr.status >= 400 && event.detail.xhr.status < 500)) {
      HTMLFormElement.prototype.submit.call(form);
    }
  }
  document.addEventListener("htmx:sendError", fallBack);
  document.addEventListener("htmx:responseError", fallBack);
  // The form's scans are optional. It is multipart (as its enctype, for a browser without
  // JavaScript, says) only while a scan is chosen: htmx then sends it as FormData; without one it is
  // sent urlencoded, which the server reads five times faster than multipart (opening day). The
  // browser's own sending (fallBack) reads the same attribute.
  function encoding(form) {
    var chosen = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length > 0;
    });
    if (chosen) {
      form.setAttribute("enctype", "multipart/form-data");
    } else {
      form.removeAttribute("enctype");
    }
  }
  function encodeAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("form[data-swap-refusals]").forEach(encoding);
  }
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form[data-swap-refusals]");
    if (form && event.target.type === "file") {
      encoding(form);
    }
  });
  // the page's form, and the form sent back with its errors (htmx:load: the swapped-in content)
  document.addEventListener("htmx:load", function (event) {
    encodeAll(event.detail.elt.parentNode || document);
  });
  encodeAll(document);
})();
