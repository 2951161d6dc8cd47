// Data-entry page, progressive enhancement: without this script every form posts and the page reloads.
// With it: groups show one at a time (tabs), the live preview scores what is typed (nothing saved),
// each criterion saves in place (same view, same service), errors appear next to the field and in the
// sticky status line, edits not yet saved elsewhere stay and are marked, and leaving with unsaved
// edits asks first.
(function () {
  "use strict";
  var statusLine = document.getElementById("status-line");
  var dirty = {};  // criterion code -> true while it has edits not saved

  function csrf(form) { return form.querySelector("input[name=csrfmiddlewaretoken]").value; }
  function fmt(v, digits) {
    if (v === null || v === undefined) return "—";
    return Number(v).toLocaleString("vi-VN", { maximumFractionDigits: digits === undefined ? 2 : digits });
  }
  function articleOf(form) { return form.closest("article"); }
  function codeOf(form) { return articleOf(form).dataset.code; }
  function dirtyCount() { return Object.keys(dirty).length; }

  function setStatus(kind, text, code) {
    if (!statusLine) return;
    statusLine.textContent = "";
    var span = document.createElement("span");
    span.className = kind;
    span.textContent = text;
    statusLine.appendChild(span);
    if (code) {
      var a = document.createElement("a");
      a.href = "#c-" + code;
      a.textContent = " Xem tiêu chí " + code;
      statusLine.appendChild(a);
    }
    var n = dirtyCount();
    if (n) {
      var more = document.createElement("span");
      more.className = "warn";
      more.textContent = " · " + n + " tiêu chí có thay đổi chưa lưu: " + Object.keys(dirty).join(", ");
      statusLine.appendChild(more);
    }
  }

  function refreshTabs() {
    document.querySelectorAll(".tabs [data-tab]").forEach(function (tab) {
      var section = document.querySelector('[data-group="' + tab.dataset.tab + '"]');
      var pill = tab.querySelector(".unsaved-pill");
      if (section && pill) pill.hidden = !section.querySelector("article.is-unsaved");
    });
  }

  function markDirty(form, on) {
    var art = articleOf(form), code = codeOf(form);
    if (on) dirty[code] = true; else delete dirty[code];
    art.classList.toggle("is-unsaved", on);
    var badge = art.querySelector(".badge.unsaved");
    if (badge) badge.hidden = !on;
    refreshTabs();
  }

  function clearErrors(form) {
    form.querySelectorAll(".js-err").forEach(function (el) { el.textContent = ""; });
    form.querySelectorAll(".srv-err").forEach(function (el) { el.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    var general = form.querySelector(".js-general");
    if (general) { general.textContent = ""; general.hidden = true; }
  }

  // problems: [[field, message], ...]; returns the first input in error (to focus)
  function showProblems(form, problems) {
    var first = null, code = codeOf(form);
    problems.forEach(function (p) {
      var slot = form.querySelector('.js-err[data-field="' + p[0] + '"]');
      var input = form.querySelector('[name="c-' + code + "-" + p[0] + '"]');
      if (slot) {
        slot.textContent = (slot.textContent ? slot.textContent + " " : "") + p[1];
      } else {
        var general = form.querySelector(".js-general");
        general.textContent = (general.textContent ? general.textContent + " " : "") + p[1];
        general.hidden = false;
      }
      if (input) {
        input.setAttribute("aria-invalid", "true");
        if (!first) first = input;
      }
    });
    return first;
  }

  function showContradiction(form, text) {
    var box = articleOf(form).querySelector(".contra");
    if (!box) return;
    box.querySelector(".contra-text").textContent = text || "";
    box.hidden = !text;
  }

  function showScore(form, data) {
    var art = articleOf(form);
    var pts = art.querySelector(".critscore .pts");
    var formula = form.querySelector("[data-formula]");
    var note = document.getElementById("total-note");
    if (data.score === null || data.score === undefined) {
      // never a stale number next to invalid input
      if (pts) pts.textContent = "—";
      if (formula) formula.textContent = "Chưa tính được điểm: số liệu chưa hợp lệ (xem lỗi bên dưới).";
      if (note) note.hidden = false;
      return;
    }
    if (pts) pts.textContent = fmt(data.score);
    if (formula) formula.textContent = data.formula || "";
    var total = document.getElementById("total");
    if (total && data.total !== undefined && data.total !== null) {
      total.textContent = fmt(data.total, 1);
      document.getElementById("percent").textContent = fmt(data.percent) + "%";
      document.getElementById("rank").textContent = data.rank + "/" + data.rank_of;
      if (note) note.hidden = !document.querySelector("form.entry .js-err:not(:empty)");
    }
  }

  function post(url, form) {
    return fetch(url, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(form), "X-Requested-With": "fetch" }
    });
  }

  function preview(form) {
    post(form.dataset.preview, form)
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        clearErrors(form);
        showProblems(form, data.problems || []);
        showScore(form, data);
        showContradiction(form, data.contradiction);
      })
      .catch(function () { /* the preview is a convenience; saving validates on the server */ });
  }

  function save(form) {
    var code = codeOf(form), result = form.querySelector(".saveresult");
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    setStatus("", "Đang lưu tiêu chí " + code + "…");
    post(form.getAttribute("action") || window.location.href, form)
      .then(function (r) {
        var type = r.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) {
          var text = r.status === 403 ? "Bạn không có quyền lưu tiêu chí này hoặc phiên làm việc đã hết hạn (tải lại trang)."
            : "Máy chủ không lưu được (mã " + r.status + "). Thay đổi của bạn vẫn còn trên trang.";
          return { ok: false, code: code, errors: {}, general: [text], message: "Chưa lưu tiêu chí " + code + ": " + text };
        }
        return r.json();
      })
      .then(function (data) {
        clearErrors(form);
        if (data.ok) {
          form.querySelector('input[name="c-' + code + '-version"]').value = data.version;
          markDirty(form, false);
          var copied = articleOf(form).querySelector(".badge.copied");
          if (copied) copied.hidden = true;  // saving confirms what was copied from the previous round
          showScore(form, data);
          showContradiction(form, data.contradiction);
          if (result) { result.textContent = "Đã lưu"; result.className = "saveresult small good"; }
          setStatus("good", data.message);
          return;
        }
        var problems = [];
        Object.keys(data.errors || {}).forEach(function (f) {
          data.errors[f].forEach(function (m) { problems.push([f, m]); });
        });
        (data.general || []).forEach(function (m) { problems.push(["__all__", m]); });
        var first = showProblems(form, problems);
        if (result) { result.textContent = "Chưa lưu"; result.className = "saveresult small bad"; }
        setStatus("bad", data.message, code);
        (first || button || form).focus();
      })
      .catch(function () {
        setStatus("bad", "Mất kết nối: chưa lưu tiêu chí " + code + ". Thay đổi của bạn vẫn còn trên trang; hãy thử lại.", code);
      })
      .finally(function () { if (button) button.disabled = false; });
  }

  document.querySelectorAll("form.entry").forEach(function (form) {
    var timer = null;
    form.addEventListener("input", function () {
      markDirty(form, true);
      clearTimeout(timer);
      timer = setTimeout(function () { preview(form); }, 300);
    });
    // a change (e.g. leaving the field to click "Lưu") waits like typing does: the save that follows
    // cancels it, so a preview never races the save of the same criterion
    form.addEventListener("change", function () {
      markDirty(form, true);
      clearTimeout(timer);
      timer = setTimeout(function () { preview(form); }, 300);
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); clearTimeout(timer); save(form); });
  });

  // removing a file asks first (the file stays in the audit trail, but the criterion loses it)
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.dataset.confirm)) ev.preventDefault();
    });
  });

  window.addEventListener("beforeunload", function (ev) {
    if (!dirtyCount()) return undefined;
    ev.preventDefault();
    ev.returnValue = "";  // browsers show their own "leave the page?" question
    return "";
  });

  // --- groups as tabs -------------------------------------------------------------------------------
  var tabs = document.querySelectorAll(".tabs [data-tab]");
  var groups = document.querySelectorAll("section.grp[data-group]");
  if (!tabs.length || !groups.length) return;
  document.body.classList.add("js-tabs");

  function showGroup(code) {
    groups.forEach(function (g) { g.hidden = g.dataset.group !== code; });
    tabs.forEach(function (t) { t.setAttribute("aria-selected", t.dataset.tab === code ? "true" : "false"); });
  }
  function groupOfHash(hash) {
    if (!hash || hash.length < 2) return null;
    var target = document.getElementById(decodeURIComponent(hash.slice(1)));
    var section = target && target.closest("section.grp[data-group]");
    return section ? { code: section.dataset.group, target: target } : null;
  }
  function follow(hash) {
    var found = groupOfHash(hash);
    if (!found) return false;
    showGroup(found.code);
    if (found.target.tagName === "ARTICLE") found.target.scrollIntoView({ block: "start" });
    return true;
  }
  tabs.forEach(function (tab) {
    tab.addEventListener("click", function (ev) {
      ev.preventDefault();
      showGroup(tab.dataset.tab);
      history.replaceState(null, "", "#g-" + tab.dataset.tab);
    });
  });
  window.addEventListener("hashchange", function () { follow(window.location.hash); });
  if (!follow(window.location.hash)) showGroup(groups[0].dataset.group);
})();
