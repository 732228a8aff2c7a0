/* Progressive enhancement for formsets: move rows up/down (renumbering the ORDER field) and add rows.
   Without JavaScript the ORDER number stays visible and can be typed. */
(function () {
  "use strict";

  function renumber(tbody) {
    var position = 1;
    tbody.querySelectorAll("tr.formset-row").forEach(function (row) {
      var order = row.querySelector('input[name$="-ORDER"]');
      if (order) { order.value = position++; }
    });
  }

  function addMoveButtons(row) {
    var cell = row.querySelector(".order-cell");
    if (!cell || cell.querySelector("button")) { return; }
    var order = cell.querySelector('input[name$="-ORDER"]');
    if (order) { order.classList.add("visually-hidden"); }
    [["↑", "Omhoog", -1], ["↓", "Omlaag", 1]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary me-1";
      button.textContent = spec[0];
      button.setAttribute("aria-label", spec[1]);
      button.addEventListener("click", function () {
        var tbody = row.parentNode;
        var sibling = spec[2] < 0 ? row.previousElementSibling : row.nextElementSibling;
        if (!sibling || !sibling.classList.contains("formset-row")) { return; }
        if (spec[2] < 0) { tbody.insertBefore(row, sibling); } else { tbody.insertBefore(sibling, row); }
        renumber(tbody);
        button.focus();
      });
      cell.appendChild(button);
    });
  }

  document.querySelectorAll("table[data-formset]").forEach(function (table) {
    var tbody = table.querySelector("tbody");
    tbody.querySelectorAll("tr.formset-row").forEach(addMoveButtons);
    var prefix = table.getAttribute("data-formset");
    var addButton = document.querySelector('[data-add-row="' + prefix + '"]');
    var template = document.getElementById("empty-" + prefix);
    if (!addButton || !template) { return; }
    addButton.hidden = false;
    addButton.addEventListener("click", function () {
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, index);
      tbody.insertAdjacentHTML("beforeend", html);
      total.value = index + 1;
      var row = tbody.lastElementChild;
      addMoveButtons(row);
      renumber(tbody);
      var first = row.querySelector("input:not([type=hidden]), textarea, select");
      if (first) { first.focus(); }
    });
  });
})();
