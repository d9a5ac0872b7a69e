// Opens and closes the main menu on small screens.
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector("[data-nav-toggle]");
  var nav = document.getElementById("site-nav");
  if (!toggle || !nav) return;
  toggle.addEventListener("click", function () {
    var open = nav.classList.toggle("is-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
});

// Tables become cards on narrow screens: every cell of a `table.data` gets its column's
// heading as `data-label`, which site.css shows beside the value below 720px. One place for
// every list of the site and the portal; a cell that already has a label keeps it.
document.addEventListener("DOMContentLoaded", function () {
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  each(document.querySelectorAll("table.data"), function (table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) return; // a two-column table of facts (headings per row) stays a table
    var labels = [];
    each(head.cells, function (cell) {
      for (var i = 0; i < cell.colSpan; i++) labels.push(cell.textContent.trim());
    });
    var bodies = Array.prototype.slice.call(table.tBodies);
    if (table.tFoot) bodies.push(table.tFoot);
    each(bodies, function (body) {
      each(body.rows, function (row) {
        var column = 0;
        each(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", cell.colSpan > 1 ? "" : labels[column] || "");
          }
          column += cell.colSpan;
        });
      });
    });
    table.classList.add("data--cards");
  });
});

// A print button (`[data-print]`, hidden without script) prints the page; site.css has the
// print rules that leave out the header, menus and footer.
document.addEventListener("DOMContentLoaded", function () {
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});

// A form is sent once: a second click or Enter while the first sending is on its way (a busy
// server can keep the answer waiting for seconds) is ignored, and the button that sent it says
// so (the page's `data-busy-label`, translated). Forms a script sends itself (it cancels the
// event) and forms marked `data-resubmit` are left alone. Coming back to the page from the
// browser's cache frees the form again. The server still decides: the registration form also
// carries a one-time token (events.views.public).
(function () {
  var busyLabel = function () { return document.body.getAttribute("data-busy-label") || ""; };
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    if (form.hasAttribute("data-resubmit")) return;
    if (form.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
    form.setAttribute("aria-busy", "true");
    var button = event.submitter || form.querySelector("button[type=submit], button:not([type])");
    if (button && button.tagName === "BUTTON" && busyLabel()) {
      button.setAttribute("data-idle-label", button.textContent);
      button.textContent = busyLabel();
      button.setAttribute("aria-disabled", "true");
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    Array.prototype.forEach.call(document.querySelectorAll("form[aria-busy=true]"), function (form) {
      form.removeAttribute("aria-busy");
      Array.prototype.forEach.call(form.querySelectorAll("[data-idle-label]"), function (button) {
        button.textContent = button.getAttribute("data-idle-label");
        button.removeAttribute("data-idle-label");
        button.removeAttribute("aria-disabled");
      });
    });
  });
})();
