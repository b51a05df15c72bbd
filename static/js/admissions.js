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
})();
