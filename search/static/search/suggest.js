// Search-box suggestions: fills the input's <datalist> from the suggestions endpoint as someone types.
// Without JavaScript the box is a plain text input and the search works the same.
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest-url]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var last = "";
    if (!list || !window.fetch) { return; }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = input.value.trim();
        if (text.length < 2 || text === last) { return; }
        last = text;
        var url = input.getAttribute("data-suggest-url") + "&q=" + encodeURIComponent(text);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, (data.suggestions || []).map(function (title) {
              var option = document.createElement("option");
              option.value = title;
              return option;
            }));
          })
          .catch(function () { /* suggestions are a convenience: the search still works */ });
      }, 150);
    });
  });
})();
