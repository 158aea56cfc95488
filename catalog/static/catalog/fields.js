/* The fields grid (templates/catalog/edit/table_form.html), a progressive enhancement: the page
   works without it (suggestions rendered by the server, "More empty rows" reloads with more rows).
   With it: suggestions follow a field's name as it is typed (GET /api/v1/elements/suggest/), a
   suggestion fills the element input, and "More empty rows" adds a row in place. */
(function () {
  "use strict";
  var form = document.querySelector("[data-fields-form]");
  if (!form) { return; }
  var url = form.getAttribute("data-suggest-url");

  function text(tag, value) { var node = document.createElement(tag); node.textContent = value; return node; }

  function showSuggestions(row, elements) {
    var target = row.querySelector("[data-suggest-target]");
    var input = target.querySelector("input");
    var datalist = target.querySelector("datalist");
    var box = target.querySelector("[data-suggestions]");
    datalist.textContent = "";
    box.textContent = "";
    if (!elements.length) { return; }
    var list = document.createElement("ul");
    elements.forEach(function (element) {
      var option = document.createElement("option");
      option.value = element.identifier;
      option.textContent = element.name_vi;
      datalist.appendChild(option);
      var button = text("button", element.identifier + " — " + element.name_vi);
      button.type = "button";
      button.setAttribute("data-suggestion", element.identifier);
      button.addEventListener("click", function () { input.value = element.identifier; input.focus(); });
      var item = document.createElement("li");
      item.appendChild(button);
      list.appendChild(item);
    });
    box.appendChild(text("p", form.getAttribute("data-suggest-label") || "⇢"));
    box.appendChild(list);
  }

  function watch(row) {
    var source = row.querySelector("[data-suggest-source] input");
    if (!source || !url) { return; }
    var timer = null;
    source.addEventListener("input", function () {
      clearTimeout(timer);
      var name = source.value.trim();
      if (!name) { showSuggestions(row, []); return; }
      timer = setTimeout(function () {
        fetch(url + "?limit=3&name=" + encodeURIComponent(name), {credentials: "same-origin",
                                                                    headers: {"Accept": "application/json"}})
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (elements) { showSuggestions(row, Array.isArray(elements) ? elements : []); })
          .catch(function () { /* suggestions are a help, not a need */ });
      }, 300);
    });
  }

  Array.prototype.forEach.call(form.querySelectorAll("[data-field-row]"), watch);

  var add = form.querySelector("[data-add-row]");
  var template = form.querySelector("template[data-empty-row]");
  var total = form.querySelector("input[name$='-TOTAL_FORMS']");
  var rows = form.querySelector("[data-field-rows]");
  if (add && template && total && rows) {
    add.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10);
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      watch(row);
      var first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) { first.focus(); }
    });
  }
})();
