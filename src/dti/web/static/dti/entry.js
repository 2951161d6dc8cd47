// Live score preview: posts one criterion's inputs to the preview endpoint (nothing is saved)
// and shows the engine's score, formula and Vietnamese validation messages.
(function () {
  "use strict";
  function csrf(form) { return form.querySelector("input[name=csrfmiddlewaretoken]").value; }
  function fmt(v, digits) {
    if (v === null || v === undefined) return "—";
    return Number(v).toLocaleString("vi-VN", { maximumFractionDigits: digits === undefined ? 2 : digits });
  }
  function show(form, data) {
    var art = form.closest("article");
    form.querySelectorAll(".js-err").forEach(function (el) { el.textContent = ""; });
    (data.problems || []).forEach(function (p) {
      var el = form.querySelector('.js-err[data-field="' + p[0] + '"]') || form.querySelector("[data-formula]");
      el.textContent = p[1];
    });
    var pts = art.querySelector(".critscore .pts");
    if (pts && data.score !== undefined) pts.textContent = fmt(data.score);
    var f = form.querySelector("[data-formula]");
    if (f && data.formula && !(data.problems || []).length) f.textContent = data.formula;
    var total = document.getElementById("total");
    if (total && data.total !== undefined && data.total !== null) {
      total.textContent = fmt(data.total, 1);
      document.getElementById("percent").textContent = fmt(data.percent) + "%";
      document.getElementById("rank").textContent = data.rank + "/" + data.rank_of;
    }
  }
  function preview(form) {
    fetch(form.dataset.preview, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(form), "X-Requested-With": "fetch" }
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) show(form, data); })
      .catch(function () { /* preview is a convenience; saving still validates on the server */ });
  }
  document.querySelectorAll("form.entry").forEach(function (form) {
    var timer = null;
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { preview(form); }, 300);
    });
    form.addEventListener("change", function () { preview(form); });
  });
})();
