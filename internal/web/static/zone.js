// The advisor's time zone, as the browser knows it, in the forms that show
// a verdict's times in it too (the "may I contact?" question's
// advisor_zone). Without it the page shows the customer's times alone.
(function () {
  function fill(root) {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
    (root || document).querySelectorAll("input[data-zone]").forEach(function (input) {
      if (!input.value) { input.value = zone; }
    });
  }
  fill(document);
  document.addEventListener("htmx:afterSwap", function (e) { fill(e.target); });
})();
