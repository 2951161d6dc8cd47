/* Results pages: explanation dialog, what-if simulator, charts (Chart.js from npm, drawn offline). */
(function () {
  "use strict";
  const nf = (v, d = 2) => v === null || v === undefined ? "—"
    : Number(v).toLocaleString("vi-VN", { maximumFractionDigits: d });
  const el = (tag, attrs = {}, text) => {
    const e = document.createElement(tag);
    Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const data = (id) => { const s = document.getElementById(id); return s ? JSON.parse(s.textContent) : null; };

  // --- explanation dialog -------------------------------------------------
  const dialog = document.getElementById("giai-thich");
  function showCriterion(d) {
    const box = document.getElementById("gt-noi-dung");
    document.getElementById("gt-tieu-de").textContent = `${d.code}. ${d.name}`;
    box.replaceChildren();
    const dl = el("dl");
    const row = (k, v) => { if (v) { dl.append(el("dt", {}, k), el("dd", {}, v)); } };
    row("Điểm", d.score === null ? "Không tính điểm" : `${nf(d.score)} / ${nf(d.max_points)}`);
    row("Quy tắc", `${d.rule_name}: ${d.rule_text}`);
    row("Điều kiện", d.condition);
    Object.entries(d.inputs || {}).forEach(([k, v]) => row(k, v));
    row("Cách tính", d.formula);
    row("Giải trình", d.explanation);
    if (d.target) row("Chỉ tiêu", `${d.target} — ${d.target_met ? "đạt" : "chưa đạt"}`);
    if (d.slip) row("Số liệu báo cáo", `${d.stated}: ${d.slip}`);
    row("Cơ quan chủ trì", (d.lead || []).join(", "));
    row("Cơ quan được phân công", (d.agencies || []).join("; "));
    row("Tài liệu kiểm chứng", d.evidence_hint);
    box.append(dl);
    const h = el("h3", {}, `Tệp minh chứng (${d.n_files})`);
    box.append(h);
    if (d.files && d.files.length) {
      const ul = el("ul");
      d.files.forEach((f) => {
        const li = el("li");
        const base = dialog.dataset.evidenceBase;
        if (base) { li.append(el("a", { href: `${base}${f.id}/` }, f.name)); } else { li.textContent = f.name; }
        li.append(` (${nf(f.size / 1024, 0)} KB)`);
        ul.append(li);
      });
      box.append(ul);
    } else if (!d.n_files) {
      box.append(el("p", { class: "small" }, "Chưa có tệp minh chứng."));
    }
  }
  function showGroup(d) {
    document.getElementById("gt-tieu-de").textContent = `${d.code}. ${d.name}`;
    const box = document.getElementById("gt-noi-dung");
    box.replaceChildren(el("p", {}, `Điểm nhóm: ${nf(d.score)} / ${nf(d.max_points)}` +
      (d.rank ? ` · hạng ${d.rank}/${d.rank_of}` : "")));
    if (!d.lost.length) { box.append(el("p", {}, "Không có tiêu chí nào bị mất điểm.")); return; }
    const t = el("table", { class: "grid" });
    const head = el("tr");
    ["Mã", "Tiêu chí", "Điểm", "Mất", "Giải trình"].forEach((x) => head.append(el("th", {}, x)));
    t.append(head);
    d.lost.forEach((r) => {
      const tr = el("tr");
      tr.append(el("td", {}, r.code), el("td", {}, r.name), el("td", { class: "num" }, `${nf(r.score)}/${nf(r.max_points)}`),
        el("td", { class: "num lost" }, `−${nf(r.lost)}`), el("td", { class: "small" }, r.explanation || ""));
      t.append(tr);
    });
    box.append(el("p", {}, `Các tiêu chí bị mất điểm (${d.lost.length}):`), t);
  }
  document.addEventListener("click", async (ev) => {
    const btn = ev.target.closest("[data-explain]");
    if (!btn || !dialog) return;
    const resp = await fetch(btn.dataset.explain, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!resp.ok) { alert("Không tải được giải thích."); return; }
    const d = await resp.json();
    (d.lost !== undefined ? showGroup : showCriterion)(d);
    dialog.showModal();
  });

  // --- what-if ---------------------------------------------------------------
  const sim = document.getElementById("mo-phong");
  if (sim) {
    const crits = Object.fromEntries(data("du-lieu-mo-phong").map((c) => [c.code, c]));
    const labels = { numerator: "Tử số", denominator: "Mẫu số", count: "Số lượng", value: "Giá trị",
      date: "Ngày (dd/mm/yyyy)", done: "Đã thực hiện", expert_score: "Điểm thẩm định" };
    const select = document.getElementById("mp-tieu-chi");
    const inputs = document.getElementById("mp-o-nhap");
    const list = document.getElementById("mp-danh-sach");
    const out = document.getElementById("mp-ket-qua");
    const changes = new Map();
    const render = () => {
      list.replaceChildren();
      changes.forEach((c, code) => {
        const desc = c.full ? "đạt tối đa" : Object.entries(c).filter(([k]) => k !== "criterion")
          .map(([k, v]) => `${labels[k] || k}: ${v === true ? "Có" : v === false ? "Không" : v}`).join("; ");
        const li = el("li", {}, `${code} – ${desc} `);
        const rm = el("button", { type: "button", class: "link" }, "bỏ");
        rm.addEventListener("click", () => { changes.delete(code); render(); });
        li.append(rm);
        list.append(li);
      });
    };
    select.addEventListener("change", () => {
      inputs.replaceChildren();
      const c = crits[select.value];
      if (!c) return;
      c.fields.forEach((f) => {
        const wrap = el("div", { class: "field" });
        const id = `mp-${f}`;
        wrap.append(el("label", { for: id }, labels[f] || f));
        let input;
        if (f === "done") {
          input = el("select", { id });
          [["", "—"], ["1", "Có"], ["0", "Không"]].forEach(([v, t]) => input.append(el("option", { value: v }, t)));
          input.value = c.current.done === true ? "1" : c.current.done === false ? "0" : "";
        } else {
          const cur = c.current[f];
          input = el("input", { id, inputmode: f === "date" ? "numeric" : "decimal",
            value: cur === null || cur === undefined ? "" : (typeof cur === "number" ? nf(cur, 4) : cur) });
        }
        input.dataset.field = f;
        wrap.append(input);
        inputs.append(wrap);
      });
    });
    document.getElementById("mp-them").addEventListener("click", () => {
      const code = select.value;
      if (!code) return;
      const change = { criterion: code };
      inputs.querySelectorAll("[data-field]").forEach((i) => {
        change[i.dataset.field] = i.dataset.field === "done" ? (i.value === "" ? null : i.value === "1") : i.value;
      });
      changes.set(code, change);
      render();
    });
    document.getElementById("mp-toi-da").addEventListener("click", () => {
      if (select.value) { changes.set(select.value, { criterion: select.value, full: true }); render(); }
    });
    sim.querySelectorAll("[data-full]").forEach((b) => b.addEventListener("click", () => {
      changes.set(b.dataset.full, { criterion: b.dataset.full, full: true });
      render();
      run();
    }));
    document.getElementById("mp-xoa").addEventListener("click", () => { changes.clear(); render(); out.replaceChildren(); });
    async function run() {
      if (!changes.size) { out.textContent = "Chưa có thay đổi nào."; return; }
      const token = sim.querySelector("input[name=csrfmiddlewaretoken]").value;
      const resp = await fetch(sim.dataset.url, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify({ changes: [...changes.values()] }),
      });
      const d = await resp.json();
      out.replaceChildren();
      if (!resp.ok) { out.append(el("p", { class: "error", role: "alert" }, d.error || "Lỗi mô phỏng")); return; }
      out.append(el("div", { class: "big" }, `${d.before.total_text} → ${d.after.total_text} điểm`),
        el("p", {}, `Thay đổi: ${d.delta_text} điểm · xếp loại ${d.before.class || "—"} → ${d.after.class || "—"} · ` +
          `hạng ${d.before.rank_text} → ${d.after.rank_text}`));
      if (d.changes.length) {
        const ul = el("ul", { class: "changes" });
        d.changes.forEach((c) => ul.append(el("li", {}, `${c.code} ${c.name}: ${nf(c.before)} → ${nf(c.after)}`)));
        out.append(ul);
      }
      out.append(el("p", { class: "small" }, "Chỉ là mô phỏng: số liệu không được lưu."));
    }
    document.getElementById("mp-tinh").addEventListener("click", run);
  }

  // --- charts ------------------------------------------------------------------
  if (!window.Chart) return;  // tables above carry the same numbers
  Chart.defaults.font.family = '"Liberation Sans", Arial, sans-serif';
  Chart.defaults.animation = false;
  const colour = (pct) => {
    if (pct === null || pct === undefined) return "#9aa3b2";
    const t = Math.max(0, Math.min(1, pct / 100));
    return `hsl(${Math.round(t * 120)}, 65%, 42%)`;
  };
  const groups = data("du-lieu-nhom");
  if (groups) {
    new Chart(document.getElementById("bieu-do-nhom"), {
      type: "bar",
      data: { labels: groups.labels, datasets: [{ label: "Tỷ lệ điểm đạt (%)", data: groups.percent,
        backgroundColor: groups.percent.map(colour) }] },
      options: { indexAxis: "y", scales: { x: { min: 0, max: 100, title: { display: true, text: "% điểm tối đa" } } },
        plugins: { legend: { display: false }, tooltip: { callbacks: {
          title: (items) => groups.names[items[0].dataIndex],
          label: (item) => `${nf(groups.score[item.dataIndex])} / ${nf(groups.max[item.dataIndex])} điểm (${nf(item.raw, 1)}%)`,
        } } } },
    });
  }
  const dash = data("du-lieu-bang-dieu-khien");
  if (dash) {
    new Chart(document.getElementById("bieu-do-phan-bo"), {
      type: "bar",
      data: { labels: dash.histogram.labels, datasets: [{ label: "Số đơn vị", data: dash.histogram.counts,
        backgroundColor: dash.histogram.labels.map((_, i) => colour(i * 10 + 5)) }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 },
        title: { display: true, text: "Số đơn vị" } }, x: { title: { display: true, text: "Tỷ lệ điểm" } } } },
    });
    new Chart(document.getElementById("bieu-do-tb-nhom"), {
      type: "bar",
      data: { labels: dash.groups.map((g) => g.code), datasets: [{ label: "Trung bình (% điểm tối đa)",
        data: dash.groups.map((g) => g.percent), backgroundColor: dash.groups.map((g) => colour(g.percent)) }] },
      options: { indexAxis: "y", scales: { x: { min: 0, max: 100 } }, plugins: { legend: { display: false },
        tooltip: { callbacks: { title: (items) => dash.groups[items[0].dataIndex].name,
          label: (item) => { const g = dash.groups[item.dataIndex];
            return `Trung bình ${nf(g.average, 1)} / ${nf(g.max_points, 1)} điểm (${nf(item.raw, 1)}%)`; } } } } },
    });
    // map points are a separate, cached JSON resource: the page itself stays small at national size
    const drawMap = (pts) => {
      // with few units, print their names beside the points (the map has no base layer to read them from)
      const names = { id: "ten-don-vi", afterDatasetsDraw(chart) {
        if (pts.length > 40) return;
        const { ctx } = chart;
        ctx.save();
        ctx.font = "12px 'Liberation Sans', Arial, sans-serif";
        ctx.fillStyle = "#1d2433";
        chart.getDatasetMeta(0).data.forEach((pt, i) => ctx.fillText(`${pts[i].name} (${nf(pts[i].total, 1)})`, pt.x + 10, pt.y + 4));
        ctx.restore();
      } };
      new Chart(document.getElementById("ban-do"), {
        plugins: [names],
        type: "scatter",
        data: { datasets: [{ label: "Đơn vị", data: pts.map((p) => ({ x: p.lon, y: p.lat })),
          pointBackgroundColor: pts.map((p) => colour(p.percent)), pointRadius: pts.length > 500 ? 3 : 7,
          pointBorderColor: "#fff", pointBorderWidth: pts.length > 500 ? 0 : 1 }] },
        options: { maintainAspectRatio: false, plugins: { legend: { display: false }, tooltip: { callbacks: {
          label: (item) => { const p = pts[item.dataIndex];
            return `${p.name}: ${nf(p.total, 1)} điểm (${nf(p.percent, 1)}%)${p.rank ? `, hạng ${p.rank}/${p.rank_of}` : ""}`; } } } },
          scales: { x: { title: { display: true, text: "Kinh độ" } }, y: { title: { display: true, text: "Vĩ độ" } } } },
      });
    };
    fetch(dash.points_url, { credentials: "same-origin" }).then((r) => (r.ok ? r.json() : { points: [] }))
      .then((d) => drawMap(d.points));
  }
  const hist = data("du-lieu-lich-su");
  if (hist) {
    new Chart(document.getElementById("bieu-do-lich-su"), {
      type: "line",
      data: { labels: hist.labels, datasets: hist.series.map((s, i) => ({ label: s.name,
        data: s.points, parsing: { xAxisKey: "x", yAxisKey: "y" }, borderColor: `hsl(${(i * 67) % 360}, 60%, 40%)` })) },
      options: { scales: { y: { min: 0, max: 100, title: { display: true, text: "% điểm tối đa" } } } },
    });
  }

  // filters that apply as soon as they change (no inline handlers: the CSP allows no inline script)
  document.querySelectorAll("select[data-submit-on-change]").forEach((s) => {
    s.addEventListener("change", () => s.form.submit());
  });
})();
