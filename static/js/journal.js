// The lesson page (JRN-2): one tap per absence or mark through htmx, and taps made while the
// connection is down kept in localStorage, shown as pending and sent when it returns.
// No inline script anywhere: the CSP forbids it.
(function () {
  "use strict";
  var KEY = "mektep.journal.queue";
  var root = document.querySelector("[data-journal-lesson]");

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { window.localStorage.setItem(KEY, JSON.stringify(queue)); showPending(); }
  function csrf() {
    var headers = document.body.getAttribute("hx-headers");
    try { return JSON.parse(headers)["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function showPending() {
    var banner = document.querySelector("[data-journal-pending]");
    if (!banner) { return; }
    var n = load().length;
    banner.hidden = n === 0;
    var count = banner.querySelector("[data-pending-count]");
    if (count) { count.textContent = String(n); }
  }
  function valuesOf(elt) {
    var vals = {};
    try { vals = JSON.parse(elt.getAttribute("hx-vals") || "{}"); } catch (e) { vals = {}; }
    if (elt.name) { vals[elt.name] = elt.value; }
    return vals;
  }

  // --- what a tap looks like before the server has answered ------------------------------------
  function rowOf(studentId) { return root && root.querySelector('[data-student="' + studentId + '"]'); }
  function recount() {
    var present = root.querySelectorAll("[data-list=present] [data-student]").length;
    var absent = root.querySelectorAll("[data-list=absent] [data-student]").length;
    var p = root.querySelector("[data-present-count]");
    var a = root.querySelector("[data-absent-count]");
    if (p) { p.textContent = String(present); }
    if (a) { a.textContent = String(absent); }
  }
  function optimistic(vals) {
    var row = rowOf(vals.student);
    if (!row) { return; }
    row.classList.add("journal-pending");
    if (vals.status) {
      var target = vals.status === "absent" ? "absent" : "present";
      var list = root.querySelector("[data-list=" + target + "] ul");
      if (list && row.parentNode !== list) { list.appendChild(row); }
      row.classList.toggle("journal-late", vals.status === "late");
      var toggle = row.querySelector("[data-attendance-toggle]");
      if (toggle) {
        var next = valuesOf(toggle);
        next.status = target === "absent" ? "present" : "absent";
        delete next.reason;
        toggle.setAttribute("hx-vals", JSON.stringify(next));
      }
      recount();
    }
    if (vals.value !== undefined && vals.action !== "delete") {
      var marks = row.querySelector("[data-marks]");
      if (marks) {
        var chip = document.createElement("span");
        chip.className = "badge text-bg-secondary journal-mark journal-pending";
        chip.textContent = (vals.label || "") + vals.value + (vals.max_points ? "/" + vals.max_points : "");
        marks.appendChild(chip);
      }
    }
  }

  // --- a tap's answer: the student's row, the headers and the message, each replacing the element of
  // the same id; the row then goes to the list of its status, in its place by name (data-pos). ------
  function place(row) {
    var target = row.getAttribute("data-status") === "absent" ? "absent" : "present";
    var list = root.querySelector("[data-list=" + target + "] ul");
    if (!list) { return; }
    var pos = parseInt(row.getAttribute("data-pos"), 10);
    var before = null;
    list.querySelectorAll(":scope > [data-student]").forEach(function (other) {
      if (!before && other !== row && parseInt(other.getAttribute("data-pos"), 10) > pos) { before = other; }
    });
    if (row.parentNode !== list || before) { list.insertBefore(row, before); }
  }
  function applyAnswer(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    Array.prototype.slice.call(template.content.children).forEach(function (node) {
      var old = node.id && document.getElementById(node.id);
      if (!old) { return; }
      if (node.hasAttribute("data-student")) { node.setAttribute("data-pos", old.getAttribute("data-pos")); }
      old.replaceWith(node);
      htmx.process(node);
      if (node.hasAttribute("data-student")) { place(node); }
    });
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (!root || !xhr || xhr.getResponseHeader("X-Journal-Roster") !== "1") { return; }
    event.detail.shouldSwap = false;
    applyAnswer(xhr.responseText);
  });

  function enqueue(url, vals) {
    var queue = load();
    queue.push({ url: url, vals: vals, at: Date.now() });
    save(queue);
    optimistic(vals);
  }

  // --- sending ------------------------------------------------------------------------------------
  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) { return; }
    var queue = load();
    if (!queue.length) { return; }
    flushing = true;
    var item = queue[0];
    var body = new URLSearchParams(item.vals);
    fetch(item.url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "HX-Request": "true", "X-Journal-Replay": "1" }
    }).then(function (response) {
      var rest = load().slice(1);
      save(rest);
      return response.text().then(function (html) {
        if (response.headers.get("X-Journal-Roster") === "1") {
          applyAnswer(html);
        } else if (!response.ok) {
          window.alert(html.replace(/<[^>]+>/g, " ").trim().slice(0, 300));
        }
      });
    }).catch(function () {
      // Still no connection: the tap waits.
    }).then(function () {
      flushing = false;
      if (load().length && navigator.onLine) { window.setTimeout(flush, 50); }
    });
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt.closest || !elt.closest("[data-journal-lesson]")) { return; }
    if (!navigator.onLine || load().length) {
      // Offline, or earlier taps still wait: keep the order.
      event.preventDefault();
      enqueue(elt.getAttribute("hx-post"), valuesOf(elt));
      flush();
    }
  });
  document.addEventListener("htmx:sendError", function (event) {
    var elt = event.detail.elt;
    if (!elt.closest || !elt.closest("[data-journal-lesson]")) { return; }
    enqueue(elt.getAttribute("hx-post"), valuesOf(elt));
  });
  window.addEventListener("online", flush);
  window.setInterval(flush, 10000);

  // --- the mark picker: one per page, opened from a student's "+" or from a mark ---------------
  var picker = document.getElementById("journal-mark-picker");
  var pickerState = {};
  function openPicker(button) {
    pickerState = {
      url: button.getAttribute("data-url"),
      student: button.getAttribute("data-student-id"),
      kind: button.getAttribute("data-kind") || "",
      slot: button.getAttribute("data-slot") || "",
      name: button.getAttribute("data-student-name") || ""
    };
    picker.querySelector("[data-picker-student]").textContent = pickerState.name;
    picker.querySelector("[data-picker-delete]").hidden = !pickerState.slot;
    var kinds = picker.querySelectorAll("[data-picker-kind]");
    kinds.forEach(function (k) {
      var chosen = pickerState.kind ? k.getAttribute("data-picker-kind") === pickerState.kind : k === kinds[0];
      k.querySelector("input[type=radio]").checked = chosen;
    });
    syncKind();
    if (picker.showModal) { picker.showModal(); } else { picker.setAttribute("open", ""); }
  }
  function currentKind() {
    var checked = picker.querySelector("[data-picker-kind] input[type=radio]:checked");
    return checked ? checked.value : "";
  }
  function syncKind() {
    var kind = currentKind();
    picker.querySelectorAll("[data-picker-panel]").forEach(function (panel) {
      panel.hidden = panel.getAttribute("data-picker-panel") !== kind;
    });
  }
  function nextSlot(kind) {
    var row = rowOf(pickerState.student);
    var max = 0;
    if (row) {
      row.querySelectorAll('[data-kind="' + kind + '"][data-slot]').forEach(function (m) {
        max = Math.max(max, parseInt(m.getAttribute("data-slot"), 10) || 0);
      });
    }
    return max + 1;
  }
  function sendMark(extra) {
    var kind = currentKind();
    var slot = pickerState.slot && pickerState.kind === kind ? pickerState.slot : nextSlot(kind);
    var vals = Object.assign({ student: pickerState.student, kind: kind, slot: String(slot) }, extra);
    var reasonInput = document.querySelector("[data-change-reason]");
    if (reasonInput && reasonInput.value) { vals.change_reason = reasonInput.value; }
    if (picker.close) { picker.close(); } else { picker.removeAttribute("open"); }
    if (!navigator.onLine || load().length) {
      enqueue(pickerState.url, vals);
      flush();
      return;
    }
    htmx.ajax("POST", pickerState.url, { target: "#journal-roster", swap: "outerHTML", values: vals })
      .catch(function () { enqueue(pickerState.url, vals); });
  }
  if (picker) {
    picker.addEventListener("change", syncKind);
    picker.addEventListener("click", function (event) {
      var value = event.target.closest("[data-picker-value]");
      if (value) { sendMark({ value: value.getAttribute("data-picker-value") }); return; }
      var points = event.target.closest("[data-picker-points]");
      if (points) {
        var panel = points.closest("[data-picker-panel]");
        sendMark({
          value: panel.querySelector("[name=points]").value,
          max_points: panel.querySelector("[name=max_points]").value
        });
        return;
      }
      if (event.target.closest("[data-picker-delete]")) {
        pickerState.kind = pickerState.kind || currentKind();
        sendMark({ action: "delete", value: "" });
        return;
      }
      if (event.target.closest("[data-picker-close]")) {
        if (picker.close) { picker.close(); } else { picker.removeAttribute("open"); }
      }
    });
  }
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-open-picker]");
    if (opener && picker) { event.preventDefault(); openPicker(opener); }
  });

  // --- the grid: quick entry from the keyboard (arrows move, digits type into the cell) ----------
  document.addEventListener("keydown", function (event) {
    var cell = event.target.closest && event.target.closest("[data-grid-cell]");
    if (!cell) { return; }
    var moves = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
    var move = moves[event.key] || (event.key === "Enter" ? [1, 0] : null);
    if (!move) { return; }
    var r = parseInt(cell.getAttribute("data-row"), 10) + move[0];
    var c = parseInt(cell.getAttribute("data-col"), 10) + move[1];
    var next = document.querySelector('[data-grid-cell][data-row="' + r + '"][data-col="' + c + '"]');
    if (next) {
      event.preventDefault();
      next.focus();
      if (next.select) { next.select(); }
    }
  });

  showPending();
  flush();
})();

// The grid: a changed cell is sent at once; the answer is the cell as saved, or a message.
(function () {
  "use strict";
  var table = document.querySelector("[data-grid-url]");
  if (!table) { return; }
  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  // A cell's lesson is its column header's, its student its row's (journal/grid.py writes them once).
  function lessonOf(cell) {
    return table.tHead.rows[0].cells[cell.closest("td").cellIndex].getAttribute("data-lesson");
  }
  function studentOf(cell) { return cell.closest("tr").getAttribute("data-student"); }
  table.addEventListener("change", function (event) {
    var cell = event.target.closest("[data-grid-cell]");
    if (!cell) { return; }
    var body = new URLSearchParams({ lesson: lessonOf(cell), student: studentOf(cell), text: cell.value });
    var reason = document.querySelector("[data-change-reason]");
    if (reason && reason.value) { body.set("change_reason", reason.value); }
    cell.classList.add("journal-pending");
    fetch(table.getAttribute("data-grid-url"), {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrf() }
    }).then(function (r) { return r.json(); }).then(function (data) {
      cell.classList.remove("journal-pending");
      if (data.error) {
        cell.classList.add("cell-error");
        cell.setAttribute("title", data.error);
        cell.setAttribute("aria-invalid", "true");
      } else {
        cell.classList.remove("cell-error");
        cell.removeAttribute("title");
        cell.removeAttribute("aria-invalid");
        cell.value = data.text;
        cell.defaultValue = data.text;
        cell.parentNode.classList.toggle("absent", data.text.indexOf("н") === 0);
      }
    }).catch(function () { cell.classList.add("cell-error"); });
  });
  table.addEventListener("dblclick", function (event) {
    var cell = event.target.closest("[data-grid-cell]");
    if (!cell) { return; }
    window.location.href = table.getAttribute("data-history-url")
      .replace("/lessons/0/", "/lessons/" + lessonOf(cell) + "/")
      .replace("/students/0/", "/students/" + studentOf(cell) + "/");
  });
})();
