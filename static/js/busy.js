// While a large import file is uploaded and checked (half a minute for a national register),
// the form says so: the status below the button appears and the button cannot be pressed twice.
(function () {
  "use strict";
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var status = document.getElementById(form.dataset.busy);
      if (status) {
        status.hidden = false;
      }
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    });
  });
})();
