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

/* Report entry: say before submitting which values need a toelichting, following the server's rule
   (effects.progress): a value that falls behind its target by more than the threshold. */
(function () {
  "use strict";
  var form = document.querySelector("[data-report-form]");
  if (!form) { return; }

  function parse(text) {
    if (text === undefined || text === null || String(text).trim() === "") { return null; }
    var number = Number(String(text).trim().replace(",", "."));
    return isNaN(number) ? null : number;
  }

  function shortfall(direction, reference, value) {
    if (direction === "hoger_is_beter") {
      if (value >= reference) { return 0; }
      return reference <= 0 ? 1 : (reference - value) / reference;
    }
    if (value <= reference) { return 0; }
    return reference <= 0 ? 1 : (value - reference) / reference;
  }

  function check(input) {
    var id = input.dataset.indicator;
    var hint = form.querySelector('[data-hint-for="' + id + '"]');
    var explanation = form.querySelector('[name="explanation_' + id + '"]');
    if (!hint || input.dataset.expected === undefined) { return; }
    var value = parse(input.value);
    var message = "";
    if (value !== null) {
      var compared = value + (parse(input.dataset.earlier) || 0);
      var gap = shortfall(input.dataset.direction, parse(input.dataset.expected), compared);
      if (gap * 100 > parse(input.dataset.threshold)) {
        message = form.dataset.msgBehind.replace("{drempel}", input.dataset.threshold);
        if (explanation && explanation.value.trim() !== "") { message = form.dataset.msgBehindExplained; }
      }
    }
    hint.textContent = message;
    hint.classList.toggle("text-danger", message !== "" && !(explanation && explanation.value.trim()));
    if (explanation) { explanation.classList.toggle("border-danger", message !== "" && !explanation.value.trim()); }
  }

  form.querySelectorAll("[data-expected]").forEach(function (input) {
    input.addEventListener("input", function () { check(input); });
    var explanation = form.querySelector('[name="explanation_' + input.dataset.indicator + '"]');
    if (explanation) { explanation.addEventListener("input", function () { check(input); }); }
    check(input);
  });
})();
