(function () {
  // Add or remove attendee fieldsets in place, so what was typed stays.
  var select = document.getElementById("id_n");
  var form = document.querySelector("form.registration-form");
  var template = document.getElementById("attendee-template");
  if (!select || !form || !template) return;
  select.form.querySelectorAll("[data-no-js]").forEach(function (el) { el.style.display = "none"; });
  select.addEventListener("change", function () {
    var wanted = parseInt(select.value, 10);
    var sets = form.querySelectorAll("fieldset.attendee");
    var last = sets[sets.length - 1];
    for (var index = sets.length; index < wanted; index++) {
      var html = template.innerHTML.replace(/__prefix__/g, index).replace(/__number__/g, index + 1);
      last.insertAdjacentHTML("afterend", html);
      last = last.nextElementSibling;
    }
    for (var extra = sets.length - 1; extra >= wanted; extra--) sets[extra].remove();
    ["attendee-TOTAL_FORMS", "attendee-MIN_NUM_FORMS", "n"].forEach(function (name) {
      form.querySelector('[name="' + name + '"]').value = wanted;
    });
  });
})();
