"""Wagtail's admin strings that its zh_Hans catalogue lacks or words poorly.

Branch secretaries and the secretariat read the back office in Chinese; Wagtail 8 leaves these
in English ("Exploring", "Referenced 1 time", "Autosave is paused", "5 Pages created in …") or
calls a published page 在用. The msgids below are Wagtail's own, character for character; they
are marked here so `make messages APPS=site` keeps them in site/locale, which is in
LOCALE_PATHS and therefore takes precedence over every app's catalogue, Wagtail's included.
Nothing imports this module. To add a string, copy its msgid from Wagtail's
`locale/en/LC_MESSAGES/django.po` (plural forms with ngettext_lazy) and translate it.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

SINGULAR = [
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop("%(time)s by %(user_display_name)s"),
    gettext_noop("(Private %(object)s)"),
    gettext_noop(
        "A heading that identifies the overall topic of the table, and is useful for screen reader users."
    ),
    gettext_noop("A network error occurred"),
    gettext_noop("Actions (footer)"),
    gettext_noop("Add a concise description for search engines"),
    gettext_noop("Add or show comments"),
    gettext_noop("Any"),
    gettext_noop("Anyone"),
    gettext_noop("Anyone can edit this %(model_name)s"),
    gettext_noop("Anyone can edit this %(model_name)s – lock it to prevent others from editing"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop("Autosave is paused"),
    gettext_noop("Available in %(translations_total)s locales"),
    gettext_noop("Avoid skipping levels"),
    gettext_noop("Button text is empty"),
    gettext_noop("By task"),
    gettext_noop("By workflow"),
    gettext_noop("Can access Wagtail admin"),
    gettext_noop("Can submit translations"),
    gettext_noop("Can view"),
    gettext_noop("Checks"),
    gettext_noop("Choose when this %(model_name)s should go live and/or expire"),
    gettext_noop("Choose when this page should go live and/or expire"),
    gettext_noop("Choose who can view the live version of this page"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop(
        "Comma or new line separated list of choices. Only applicable in checkboxes, radio and dropdown."
    ),
    gettext_noop("Content metrics"),
    gettext_noop("Correct the validation errors to resume preview (saving will highlight errors)"),
    gettext_noop("Cut"),
    gettext_noop("Date updated"),
    gettext_noop("Default value. Comma or new line separated values supported for checkboxes."),
    gettext_noop("Display the first column as a header"),
    gettext_noop("Display the first row AND first column as headers"),
    gettext_noop("Display the first row as a header"),
    gettext_noop("Edit account avatar"),
    gettext_noop("Edited by"),
    gettext_noop("Empty frame title found"),
    gettext_noop("Empty heading found"),
    gettext_noop("Enable custom keyboard shortcuts specific to Wagtail."),
    gettext_noop("Exploring"),
    gettext_noop("Go to the first error"),
    gettext_noop("Grid layout"),
    gettext_noop("Has child pages"),
    gettext_noop("How we calculate our metrics"),
    gettext_noop("Image alt text has inappropriate pattern"),
    gettext_noop("Image focal point"),
    gettext_noop("Incorrect heading hierarchy"),
    gettext_noop("Input button text is empty"),
    gettext_noop("Insert or edit a link"),
    gettext_noop("Is commenting action"),
    gettext_noop(
        'JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here are the <a href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">instructions how to enable JavaScript in your web browser</a>.'
    ),
    gettext_noop(
        "Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them."
    ),
    gettext_noop("Layout"),
    gettext_noop("Link text is empty"),
    gettext_noop("List layout"),
    gettext_noop("Locked by"),
    gettext_noop("Locking: "),
    gettext_noop("Maximum filesize: %(max_upload_size)s."),
    gettext_noop("Meta description is empty"),
    gettext_noop("Misusing paragraphs as headings"),
    gettext_noop("Monospace (code)"),
    gettext_noop("More contrast"),
    gettext_noop("New: %(model_name)s"),
    gettext_noop("No headers"),
    gettext_noop("Oldest"),
    gettext_noop("Page type"),
    gettext_noop("Page types usage"),
    gettext_noop(
        "Pages/snippets at this step in a workflow will be moderated or approved by these groups of users"
    ),
    gettext_noop("Paste"),
    gettext_noop("Paste without formatting"),
    gettext_noop(
        "Please provide an image description to comply with best practices for accessibility."
    ),
    gettext_noop("Privacy and access"),
    gettext_noop("Readability"),
    gettext_noop("Reading time"),
    gettext_noop("Save changes"),
    gettext_noop("Save your changes before leaving"),
    gettext_noop("Saved"),
    gettext_noop("Search all pages…"),
    gettext_noop(
        'See our <a href="%(guide_link)s" target="_blank">content checks guide</a> for more information on how content metrics are calculated.'
    ),
    gettext_noop("Select a header option"),
    gettext_noop("Shortcuts"),
    gettext_noop("Show disabled"),
    gettext_noop("Show issue"),
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop("Snug"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("Strike-through"),
    gettext_noop("Table header text is empty"),
    gettext_noop("Table headers"),
    gettext_noop("Text editing"),
    gettext_noop("Text formatting"),
    gettext_noop("Theme preferences"),
    gettext_noop(
        'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?'
    ),
    gettext_noop("This data explained"),
    gettext_noop(
        'This publishing schedule will only take effect after you select the "Schedule to publish" option'
    ),
    gettext_noop("Toggle all change permissions"),
    gettext_noop("Toggle all custom permissions"),
    gettext_noop("Toggle all delete permissions"),
    gettext_noop("Toggle checks"),
    gettext_noop("Toggle minimap"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view the last saved version."
    ),
    gettext_noop(
        "Upload successful. However, your new image seems to be a duplicate of this existing image. You may delete it if it wasn't required."
    ),
    gettext_noop("Usage count: (high to low)"),
    gettext_noop("Usage count: (low to high)"),
    gettext_noop("Use a meaningful title for screen reader users"),
    gettext_noop("Use meaningful text"),
    gettext_noop("Use meaningful text for screen reader users"),
    gettext_noop("Use proper heading tags"),
    gettext_noop("Use server language: %(language_name)s"),
    gettext_noop("View latest version"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop(
        "We calculate reading time from word count, using different reading speeds for different languages."
    ),
    gettext_noop(
        "We extract the main content from the page preview, remove all formatting, and calculate the number of words."
    ),
    gettext_noop(
        "We use a readability formula based on length of words and sentences. Long sentences and words result in a worse readability score."
    ),
    gettext_noop("Which cells should be displayed as headers?"),
    gettext_noop("Words"),
    gettext_noop("account"),
    gettext_noop("admin theme"),
    gettext_noop("contrast"),
    gettext_noop("density"),
    gettext_noop("items"),
    gettext_noop("item"),
    gettext_noop("live"),
    gettext_noop("live + scheduled"),
    gettext_noop("live + draft"),
    gettext_noop("Anyone with editing permissions can create schedules"),
    gettext_noop("But only those with publishing permissions can make them effective."),
    gettext_noop(
        "Pages created here will not be accessible at any URL. To add pages to an existing site, create them as children of the homepage."
    ),
    gettext_noop("You haven't uploaded any images."),
    gettext_noop("Your pages and snippets in a workflow"),
    gettext_noop(
        "The slug '%(page_slug)s' is already in use within the parent page at '%(parent_url_path)s'."
    ),
    gettext_noop("The slug '%(page_slug)s' is already in use within the parent page."),
    gettext_noop(
        "The slug '%(page_slug)s' is already in use at the selected parent page. Make sure the slug is unique and try again."
    ),
]

PLURAL = [
    ngettext_lazy("%(num_pages)d page", "%(num_pages)d pages", "count"),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
        "count",
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
        "count",
    ),
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
        "count",
    ),
    ngettext_lazy("Referenced %(count)s time", "Referenced %(count)s times", "count"),
]
