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
