"""Every form of the site is sent once: a second click or Enter while the first sending is on
its way sends nothing, and the button says the form is being sent, in the page's language
(site/static/js/site.js). A form that a script sends itself, or one marked `data-resubmit`, is
left alone. The registration journey (test_events_journey.py) checks the same on the
registration form; the server's own check of a form sent twice is in
tests/events/test_double_submit.py."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Two sendings in one go, before the first can navigate away; what the browser would send is
# counted after site.js's listener, which is the first one on the document.
TWICE = """(form) => {
  const button = form.querySelector("button[type=submit], button:not([type])");
  let sent = 0;
  document.addEventListener("submit", (event) => { if (!event.defaultPrevented) sent++; });
  form.requestSubmit(button);
  const label = button.textContent.trim();
  form.requestSubmit(button);
  return [sent, label, form.getAttribute("aria-busy")];
}"""


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("/auth/login/", "正在提交…"),
        ("/auth/signup/", "正在提交…"),
        ("/auth/password/reset/", "正在提交…"),
        ("/en/auth/login/", "Submitting…"),
    ],
)
def test_a_form_is_sent_once(page, path, label):
    page.goto(path)
    form = page.locator("main form[method=post]").first
    assert form.evaluate(TWICE) == [1, label, "true"]


def test_forms_that_opt_out_or_are_sent_by_a_script_are_left_alone(page):
    page.goto("/auth/login/")
    results = page.evaluate(
        """() => {
          const make = (attributes) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = "#";
            for (const [name, value] of Object.entries(attributes)) form.setAttribute(name, value);
            form.innerHTML = "<button type=submit>OK</button>";
            document.body.appendChild(form);
            return form;
          };
          const scripted = make({});
          let handled = 0;
          scripted.addEventListener("submit", (event) => { event.preventDefault(); handled++; });
          scripted.requestSubmit();
          scripted.requestSubmit();
          // Seen after site.js's listener: neither sending was stopped; then kept on the page.
          const resubmit = make({"data-resubmit": ""});
          let seen = 0;
          document.addEventListener("submit", (event) => {
            if (event.target !== resubmit) return;
            if (!event.defaultPrevented) seen++;
            event.preventDefault();
          });
          resubmit.requestSubmit();
          resubmit.requestSubmit();
          return [handled, scripted.getAttribute("aria-busy"), seen,
                  resubmit.getAttribute("aria-busy"),
                  scripted.querySelector("button").textContent];
        }"""
    )
    assert results == [2, None, 2, None, "OK"]
