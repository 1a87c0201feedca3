"""Advert variants: generate, filter, edit, check (lint, limits, values fit) and track each one."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from adverts import templates as templates_module
from adverts.generate import Options, campaign_held_back, copy_notes, ctas_for, generate, missing_facts, plan_groups
from adverts.model import Variant
from adverts.tracking import qr_png, qr_svg, usual_landing_page
from adverts.values_fit import theme_rollup, values_fit
from adverts.variants import VariantCheck, check_variants, lint_variant
from planner.campaign import Campaign, ValuesReview
from planner.channels import CHANNELS, channel_label
from planner.readiness import fingerprint
from ui import state
from ui.components.findings import dismiss_form, dismissal_reason, show_findings, show_readability
from ui.components.lazy import keep_drawn
from ui.components.previews import show_preview
from ui.components.print_panel import print_panel
from ui.text import md_escape

PAGE_SIZE = 10
CONFIRM_DELETE = "variant_confirm_delete"
EDITED_FIELDS = ("headline", "primary_text", "description", "cta", "image_note")
PAGE_RERUN = "variants_page_rerun"  # a card's save was refused: the page reruns to show why
DELETED = "variant_deleted"  # (campaign id, position, variant) of the last delete, for Undo
#: Fixed labels, so a tab stays open when what it shows changes (a finding dismissed).
TABS = ("Preview", "Edit", "Checks", "Values fit", "Tracking")
STATUS_LABELS = {"draft": "Draft", "pinned": "Pinned", "rejected": "Rejected", "for_signoff": "Sent for sign-off"}

st.title("Advert variants")
st.caption("Themed copy for every persona and channel. Each variant is linted, checked against its format's "
           "limits and your values, and carries a tracking link, a QR code and a spoken code.")

record = state.require_record()
campaign = record.campaign
organisation, organisation_version = state.organisation()
state.unsaved_edits_panel()
theme_names = {t.key: t.name for t in campaign.themes}
persona_names = {p.key: p.name for p in campaign.personas}


def save_in_callback(updated: Campaign) -> None:
    """Save from a card's callback. A callback runs before the card reruns, so a click costs one run, not two.
    When the save is refused (the campaign changed in another tab), the page reruns whole to say so."""
    if not state.save(updated, in_callback=True):
        st.session_state[PAGE_RERUN] = True


def update_variant(key: str, **changes) -> None:
    """A card's callback: save the campaign with this variant changed."""
    current = state.require_record().campaign
    save_in_callback(current.model_copy(update={"variants": [v.model_copy(update=changes) if v.key == key else v
                                                             for v in current.variants]}))


def record_review(key: str) -> None:
    """The values review form's callback: the review, or a flag that says who is reviewing was left empty."""
    reviewer = st.session_state[f"review-who-{key}"].strip()
    if not reviewer:
        st.session_state[f"review-nobody-{key}"] = True
        return
    current = state.require_record().campaign
    review = ValuesReview(target=f"variant:{key}", reviewer=reviewer,
                          fits=st.session_state[f"review-fits-{key}"] == "Yes",
                          comment=st.session_state[f"review-comment-{key}"], at=dt.datetime.now(dt.UTC))
    save_in_callback(current.model_copy(update={"reviews": [*current.reviews, review]}))


def delete_variant(variant: Variant) -> None:
    """Delete after confirmation, keeping the variant so Undo can put it back where it was; the whole page reruns,
    since the list changed."""
    current = state.require_record().campaign
    position = next(i for i, v in enumerate(current.variants) if v.key == variant.key)
    st.session_state.pop(CONFIRM_DELETE, None)
    if state.save(current.model_copy(update={"variants": [v for v in current.variants if v.key != variant.key]})):
        st.session_state[DELETED] = (record.id, position, variant)
        st.rerun()


@st.cache_data(max_entries=8, show_spinner=False)
def _past_campaigns(campaign_id: int, versions: tuple[tuple[int, int], ...]):
    """Every other campaign, for reused headlines; loaded again only when one of them changes."""
    return [state.store().campaign(other).campaign for other, _ in versions if other != campaign_id]


@st.cache_data(max_entries=8, show_spinner=False)
def _values_fit(copy: str, wanted: tuple[str, ...], organisation_version: int, _campaign, _organisation):
    """Values fit of every variant (TF-IDF over them all): again only when the copy (its fingerprint), the values
    wanted or the organisation's values change, not on a pin or a dismissal."""
    return values_fit(_campaign.variants, _organisation.values, _campaign.looking_for.values)


deleted = st.session_state.get(DELETED)
if deleted is not None and deleted[0] == record.id:
    _, position, gone = deleted
    notice, undo = st.columns([4, 1])
    notice.info(f"Deleted “{md_escape(gone.headline or gone.key)}”.", icon=":material/delete:")
    if undo.button("Undo", icon=":material/undo:", key="undo-delete"):
        st.session_state.pop(DELETED)
        restored = [*campaign.variants[:position], gone, *campaign.variants[position:]]
        if state.save(campaign.model_copy(update={"variants": restored})):
            st.rerun()

# Generate -------------------------------------------------------------------------------------
templates = templates_module.default()


def generate_panel() -> None:
    """The generator's form, and what generating found missing."""
    if not campaign.themes or not campaign.personas:
        st.info("Add at least one persona and one theme to this campaign first.")
    else:
        with st.form("generate-variants"):
            themes = st.multiselect("Themes", list(theme_names), default=list(theme_names),
                                    format_func=theme_names.__getitem__)
            personas = st.multiselect("Personas", list(persona_names), default=list(persona_names),
                                      format_func=persona_names.__getitem__)
            channels = st.multiselect("Channels", list(CHANNELS), format_func=channel_label,
                                      help="Leave empty to use each persona's channels from the channel plan.")
            addressed = st.checkbox("Only pair a theme with the personas whose hopes and fears it answers", True)
            offered = ctas_for(campaign, [c.text for c in templates.ctas])
            ctas = st.multiselect("Calls to action to test", offered, default=ctas_for(campaign),
                                  accept_new_options=True,
                                  help="From the role's way in: where there is no application form, people start "
                                  "with a conversation, as in Leeds, and 'Apply now' is not offered.")
            left, right = st.columns(2)
            max_variants = left.number_input("At most this many new variants", 1, 1000, None,
                                             placeholder="2 to 4 per channel",
                                             help="Empty: 2 to 4 per channel, sized by the sample-size planner "
                                             "and the channel's budget.")
            landing = right.text_input("Landing page the adverts link to", usual_landing_page(campaign.variants),
                                       placeholder="https://example.org/jobs/wellbeing-worker")
            own = st.file_uploader("Your own templates (optional, TOML)", type=["toml"], max_upload_size=1,
                                   help="Up to 1 MB, UTF-8: start from the downloadable templates file.")
            submitted = st.form_submit_button("Generate", type="primary")
        st.download_button("Download the templates to edit (TOML)", templates_module.TEMPLATES_FILE.read_bytes(),
                           file_name="templates.toml", mime="application/toml", on_click="ignore")
        if submitted:
            try:
                chosen = templates_module.parse(own.getvalue().decode("utf-8")) if own else templates
                options = Options(max_variants=int(max_variants) if max_variants else None, ctas=tuple(ctas),
                                  landing_page=landing)
            except (ValueError, UnicodeDecodeError) as error:
                st.error(md_escape(str(error)))
            else:
                groups = plan_groups(campaign, themes, personas, channels or None, addressed_only=addressed)
                bar = st.progress(0.0, text="Starting")
                new = generate(campaign, organisation, groups, options, chosen,
                               progress=lambda done, message: bar.progress(done, text=message))
                unwritable = {f"{g.theme} x {g.persona} ({g.format})": facts for g in groups
                              if (facts := missing_facts(campaign, organisation, g, chosen))}
                if unwritable:
                    st.warning("Some adverts could not be written, because their templates need answers the "
                               "campaign does not have yet:\n\n" + "\n".join(
                                   f"- {md_escape(group)}: {md_escape(', '.join(facts))}"
                                   for group, facts in unwritable.items()))
                notes = list(dict.fromkeys(n for g in groups for n in copy_notes(campaign, organisation, g)))
                if notes:
                    st.info("\n".join(f"- {md_escape(note)}" for note in notes))
                if not new and campaign_held_back(campaign, organisation):
                    st.warning("No new adverts: your text with open linter findings is held back (see *Text "
                               "holding adverts back* below).")
                elif not new and not unwritable:
                    st.info("Nothing new: every combination is already in this campaign.")
                elif state.save(campaign.model_copy(update={"variants": campaign.variants + new})):
                    st.success(f"Added {len(new)} variant(s).")
                    st.rerun()


# Drawn only while open (opening it reruns the page): its form is heavy to draw, and mostly closed.
generator = st.expander("Generate variants", expanded=not campaign.variants, icon=":material/auto_awesome:",
                        key="generate-open", on_change="rerun")
if generator.open:
    with generator:
        generate_panel()

held = campaign_held_back(campaign, organisation)
if held:
    with st.expander(f"Text holding adverts back ({len(held)})", icon=":material/block:"):
        st.caption("Your own text with an open linter finding stays out of every advert until you fix it, or "
                   "allow the phrase on Purpose and values.")
        st.markdown("\n".join(f"- {md_escape(item.message)}" for item in held))

if not campaign.variants:
    st.stop()

# Filter ---------------------------------------------------------------------------------------
columns = st.columns(5)
ALL = "(all)"
FINDINGS = {"open": "With open findings", "none": "No open findings"}


@st.cache_data(max_entries=8, show_spinner="Checking every variant…")
def _with_open_findings(campaign_id: int, version: int, organisation_version: int, _campaign, _organisation):
    """Keys of the variants with a finding not dismissed; once per campaign and organisation version."""
    return frozenset(v.key for v in _campaign.variants
                     if any(not f.dismissed for f in lint_variant(v, _organisation)))


def _filter(column, label: str, options: list[str], names: dict[str, str]) -> str:
    return column.selectbox(label, [ALL, *options], format_func=lambda k: names.get(k, k) if k != ALL else ALL)


theme_filter = _filter(columns[0], "Theme", list(dict.fromkeys(v.theme for v in campaign.variants)), theme_names)
persona_filter = _filter(columns[1], "Persona", list(dict.fromkeys(v.persona for v in campaign.variants)),
                         persona_names)
channel_filter = _filter(columns[2], "Channel", list(dict.fromkeys(v.channel for v in campaign.variants)),
                         {k: channel_label(k) for k in CHANNELS})
status_filter = _filter(columns[3], "Status", list(STATUS_LABELS), STATUS_LABELS)
findings_filter = _filter(columns[4], "Findings", list(FINDINGS), FINDINGS)
flagged = (_with_open_findings(record.id, record.version, organisation_version, campaign, organisation)
           if findings_filter != ALL else frozenset())
shown = [v for v in campaign.variants
         if theme_filter in (ALL, v.theme) and persona_filter in (ALL, v.persona)
         and channel_filter in (ALL, v.channel) and status_filter in (ALL, v.status)
         and findings_filter in (ALL, "open" if v.key in flagged else "none")]
pages = max(1, -(-len(shown) // PAGE_SIZE))
page = st.number_input(f"Page (of {pages}; {len(shown)} variant(s))", 1, pages, 1) if pages > 1 else 1
on_page = shown[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]

# Reuse is the organisation's own: another organisation's campaigns are never read, let alone named.
past = _past_campaigns(record.id, tuple((s.id, s.version) for s in state.campaigns()
                                        if s.organisation == record.organisation))
checks = check_variants(campaign, organisation, past, keys=[v.key for v in on_page])
fits = _values_fit(fingerprint(campaign, "adverts"), tuple(campaign.looking_for.values), organisation_version,
                  campaign, organisation)


# One variant ----------------------------------------------------------------------------------
def show_flags(check: VariantCheck) -> None:
    if check.facebook_blockers:
        st.error("Cannot go into a Facebook export: " + "; ".join(
            f"'{md_escape(f.text)}' may assert a personal attribute" for f in check.facebook_blockers)
            + ". Reword it, or dismiss the finding with a reason on the Checks tab.", icon=":material/block:")
    for warning in check.length:
        st.warning(md_escape(warning.message), icon=":material/straighten:")
    if check.near_duplicates:
        st.warning("Nearly the same copy as " + ", ".join(md_escape(k) for k in check.near_duplicates)
                   + " in this channel: the test would not tell them apart.", icon=":material/content_copy:")
    if check.past_headline:
        st.info(f"This headline was already used in {md_escape(check.past_headline)}.", icon=":material/history:")


def edit_tab(variant: Variant, check: VariantCheck) -> None:
    """Each text field with the findings in its saved text right under it."""
    def findings(field: str) -> None:
        show_findings(getattr(variant, field), [f.finding for f in check.findings if f.field == field],
                      variant.dismissals)

    def key(field: str) -> str:
        return f"edit-{field}-{variant.key}"

    with st.form(f"edit-{variant.key}"):
        st.text_input("Headline", variant.headline, key=key("headline"))
        findings("headline")
        st.text_area("Primary text", variant.primary_text, height=140, key=key("primary_text"))
        findings("primary_text")
        show_readability(variant.primary_text)
        left, right = st.columns(2)
        left.text_input("Description", variant.description, key=key("description"))
        with left:
            findings("description")
        right.text_input("Call to action", variant.cta, key=key("cta"))
        with right:
            findings("cta")
        st.text_input("Image note", variant.image_note, key=key("image_note"))
        st.form_submit_button("Save changes", on_click=lambda: update_variant(
            variant.key, **{field: st.session_state[key(field)] for field in EDITED_FIELDS}))


def status_actions(variant: Variant) -> None:
    """Pin, reject, send for sign-off, back to draft and delete (asked first), under every tab."""
    buttons = st.container(horizontal=True)  # one row, lighter to draw than five columns
    for status, label in [("pinned", "Pin"), ("rejected", "Reject"), ("for_signoff", "Send for sign-off"),
                          ("draft", "Back to draft")]:
        buttons.button(label, key=f"{status}-{variant.key}", disabled=variant.status == status, on_click=update_variant,
                       args=(variant.key,), kwargs={"status": status})
    if buttons.button("Delete", key=f"delete-{variant.key}", help="Asks first, and can be undone."):
        st.session_state[CONFIRM_DELETE] = variant.key
    if st.session_state.get(CONFIRM_DELETE) == variant.key:
        st.warning("Delete this variant? You can undo it straight after.", icon=":material/delete:")
        yes, no = st.columns(2)
        if yes.button("Yes, delete it", key=f"delete-yes-{variant.key}", type="primary"):
            delete_variant(variant)
        if no.button("Cancel", key=f"delete-no-{variant.key}"):
            st.session_state.pop(CONFIRM_DELETE, None)
            st.rerun()


def checks_tab(variant: Variant, check: VariantCheck) -> None:
    """Every finding in one table (the marked text is under each field on the Edit tab), and dismissal."""
    if not check.findings:
        st.success("The linter found no wallpaper phrases.")
        return
    st.dataframe([{"field": f.field.replace("_", " "), "phrase": f.text, "category": f.category,
                   "why": f.finding.why, "suggestion": f.finding.suggestion,
                   "dismissed because": dismissal_reason(f.finding, variant.dismissals) or ""}
                  for f in check.findings], hide_index=True, width="stretch")
    dismiss_form(f"dismiss-{variant.key}", [f.finding for f in check.findings if not f.dismissed],
                 lambda dismissal: update_variant(variant.key, dismissals=[*variant.dismissals, dismissal]))


def values_tab(variant: Variant, current, fit_by_key) -> None:
    fit = fit_by_key.get(variant.key)
    if fit is None or not fit.scores:
        st.info("Add your organisation's values on the Purpose and values page to see how this advert shows them.")
        return
    st.caption("A prompt for the reviewer, never a verdict: the words in this advert that show each value.")
    st.dataframe([{"value": s.value, "wanted": s.wanted, "shows": s.level,
                   "evidence": ", ".join(s.evidence)} for s in fit.scores], hide_index=True, width="stretch")
    if fit.missed:
        st.write("Values this variant does not show: " + ", ".join(md_escape(v) for v in fit.missed))
    with st.form(f"review-{variant.key}", clear_on_submit=True):
        left, middle = st.columns(2)
        left.text_input("Reviewer", key=f"review-who-{variant.key}")
        middle.radio("Does it still fit our values?", ["Yes", "No"], horizontal=True, key=f"review-fits-{variant.key}")
        st.text_input("Comment", key=f"review-comment-{variant.key}")
        st.form_submit_button("Record review", on_click=record_review, args=(variant.key,))
    if st.session_state.pop(f"review-nobody-{variant.key}", False):
        st.error("Say who is reviewing.")
    for review in [r for r in current.reviews if r.target == f"variant:{variant.key}"]:
        st.caption(f"{md_escape(review.reviewer)}: {'fits' if review.fits else 'does not fit'}"
                   + (f" ({md_escape(review.comment)})" if review.comment else ""))


def tracking_tab(variant: Variant) -> None:
    st.write(f"Spoken code: **{md_escape(variant.spoken_code or 'issued when saved')}**")
    if not variant.link:
        st.info("No link yet: generate with a landing page to get a tracking link and QR code.")
        return
    st.code(variant.link, language=None)
    png = qr_png(variant.link, scale=4)
    left, right = st.columns([1, 2])
    left.image(png, caption="QR code of the link",
               alt=f"QR code that opens {variant.link} (the tracking link of {variant.spoken_code or variant.key})")
    right.download_button("QR code (PNG)", qr_png(variant.link), file_name=f"{variant.key}-qr.png",
                          mime="image/png", key=f"png-{variant.key}", on_click="ignore")
    right.download_button("QR code (SVG)", qr_svg(variant.link), file_name=f"{variant.key}-qr.svg",
                          mime="image/svg+xml", key=f"svg-{variant.key}", on_click="ignore")
    print_panel(campaign, organisation, variant)


@st.fragment
def variant_card(key: str) -> None:
    """One variant; a save in it reruns only this card, so one save does not redraw the whole page."""
    if st.session_state.pop(PAGE_RERUN, False):
        st.rerun()
    current = state.require_record().campaign
    variant = current.variant(key)
    if variant is None:
        return
    if current is campaign:  # nothing saved since the page ran: its checks and values fit hold
        check, fit_by_key = checks[key], fits
    else:
        check = check_variants(current, organisation, past, keys=[key])[key]
        fit_by_key = _values_fit(fingerprint(current, "adverts"), tuple(current.looking_for.values),
                                 organisation_version, current, organisation)
    with st.container(border=True):
        st.markdown(f"### {md_escape(variant.headline or '(no headline)')}")
        open_findings = sum(not f.dismissed for f in check.findings)  # the Checks tab's label stays fixed
        st.caption(" · ".join(md_escape(part) for part in [
            theme_names.get(variant.theme, variant.theme), persona_names.get(variant.persona, variant.persona),
            channel_label(variant.channel), variant.format, STATUS_LABELS[variant.status],
            variant.spoken_code or "", variant.key,
            f"{open_findings} open finding{'s' * (open_findings != 1)} (see Checks)" if open_findings else ""]
            if part))
        show_flags(check)
        # Only the open tab is drawn (a tab click reruns this card alone): ten cards of five full tabs were most
        # of the page's time in the browser.
        preview, edit, lint_checks, values, tracking = st.tabs(TABS, key=f"tabs-{variant.key}", on_change="rerun")
        if preview.open:
            with preview:
                show_preview(variant, organisation.name)
        if keep_drawn(edit, f"edit-{variant.key}"):  # tabs with forms stay drawn once opened: typing survives
            with edit:
                edit_tab(variant, check)
        if keep_drawn(lint_checks, f"checks-{variant.key}"):
            with lint_checks:
                checks_tab(variant, check)
        if keep_drawn(values, f"values-{variant.key}"):
            with values:
                values_tab(variant, current, fit_by_key)
        if keep_drawn(tracking, f"tracking-{variant.key}"):  # its contact details form
            with tracking:
                tracking_tab(variant)
        status_actions(variant)


st.header("The variants")
for variant in on_page:
    variant_card(variant.key)

# Values by theme ------------------------------------------------------------------------------
st.header("Values fit by theme")
rollup = theme_rollup(campaign.variants, fits)
if rollup:
    st.dataframe([{"theme": theme_names.get(r.theme, r.theme), "value": r.value, "wanted": r.wanted,
                   "variants showing it": f"{r.showing} of {r.variants}",
                   "evidence": ", ".join(r.evidence)} for r in rollup], hide_index=True, width="stretch")
    for theme in dict.fromkeys(r.theme for r in rollup):
        missed = [r.value for r in rollup if r.theme == theme and r.missed and r.wanted]
        if missed:
            st.write(f"**{md_escape(theme_names.get(theme, theme))}** shows none of: "
                     + ", ".join(md_escape(v) for v in missed))
