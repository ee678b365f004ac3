from __future__ import annotations

import random
from pathlib import Path

import pytest

from kg.clean import byline_source, clean
from kg.model import CleanedText

PROSE = (
    "Police in Yekaterinburg detained 40 workers from Uzbekistan at a construction site on Tuesday, "
    "the regional branch of the Interior Ministry said."
)
PROSE_2 = (
    "Officers handed military summonses to eleven of them, all of whom had received Russian passports "
    "within the past two years, according to a local rights group."
)
PROSE_3 = "The ministry did not say how many of the men were later sent to enlistment offices in the region."


def assert_maps_back(original: str, cleaned: CleanedText) -> None:
    """Every cleaned character is covered by a segment; copied runs equal the original, and a written
    character (join space, paragraph newline, space after a glued period) stands for one original char."""
    position = 0
    for clean_start, orig_start, length in cleaned.segments:
        assert clean_start == position and length > 0
        written = cleaned.text[clean_start : clean_start + length]
        source = original[orig_start : orig_start + length]
        if written != source:
            assert length == 1 and written in " \n" and (source == "\n" or source in ".!?"), (written, source)
        position += length
    assert position == len(cleaned.text)


def cleaned_text(original: str) -> str:
    result = clean(original)
    assert_maps_back(original, result)
    return result.text


def test_clean_leaves_normal_news_paragraphs_untouched() -> None:
    text = f"{PROSE} {PROSE_2}\n\n{PROSE_3}"
    result = clean(text)
    assert result.text == text
    assert result.segments == ((0, 0, len(text)),)


def test_clean_keeps_curly_quotes_and_dashes() -> None:
    text = "“We were told to sign — or leave,” one of the workers said, asking not to be named."
    assert cleaned_text(text) == text


@pytest.mark.parametrize(
    "noise",
    [
        "Skip to main content",
        "READ MORE",
        "Share this article",
        "Advertisement",
        "Follow us on Telegram",
        "Click here to read the full investigation",
        "Sign up for our morning briefing",
        "Subscribe to get every story in your inbox",
        "We use cookies to improve your experience on this site. Accept",
        "Facebook Twitter Telegram",
        "* * *",
        "4 min read",
        "Updated: 12 March 2024, 10:14",
    ],
)
def test_clean_drops_navigation_and_ui_lines(noise: str) -> None:
    text = f"{PROSE}\n\n{noise}\n\n{PROSE_2}"
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}"


@pytest.mark.parametrize(
    "banner",
    [
        "Please support The Northern Ledger by making a monthly donation.",
        "Donate",
        "The Northern Ledger survived 2023 thanks to its readers!",
        "Any amount",
        "Become a member and get our reporting first.",
        # a long appeal in other words: two appeal phrases, whatever its length
        "In response, the newsroom has issued a plea: it has been labelled an enemy of the state, and its "
        "journalists, determined to go on reporting without fear on every region of the country and on the "
        "war, its costs and its critics, ask readers to support independent journalism, with donations "
        "starting from $2 a month. A reminder can be set to prompt readers to give again later this month, "
        "and every contribution, however small, is said to make a real difference to the newsroom's work.",
    ],
)
def test_clean_drops_donation_banners(banner: str) -> None:
    text = f"{PROSE}\n\n{banner}\n\n{PROSE_2}"
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}"


@pytest.mark.parametrize(
    "credit",
    [
        "Ivan Petrov / EPA / Scanpix",
        "Photo: Anna Smirnova",
        "AFP via Getty Images",
        "Maxim Orlov / Reuters",
        "(Reuters)",
    ],
)
def test_clean_drops_photo_credits(credit: str) -> None:
    text = f"{PROSE}\n\n{credit}\n\n{PROSE_2}"
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}"


def test_clean_drops_caption_with_date_next_to_a_credit() -> None:
    caption = "Conscripts board a train at a station in Kazan, Russia. October 3, 2022."
    text = f"{PROSE}\n\n{caption}\nOleg Ivanov / TASS\n\n{PROSE_2}"
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}"


def test_clean_drops_a_caption_and_the_alt_text_that_repeats_it() -> None:
    caption = "Conscripts board a train at a station in Kazan, Russia, October 3, 2022."
    text = f"{PROSE}\n\n{caption}\n{caption}\nOleg Ivanov / TASS\n\n{PROSE_2}"
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}"


def test_clean_drops_a_caption_whose_credit_runs_into_its_last_word_and_the_caption_heading() -> None:
    caption = ("A queue outside the migration centre\n"
               "Workers wait for their papers in SakharovoImage: Anna Petrova/DW")
    text = f"{PROSE}\n\n{caption}\n\n{PROSE_2}"
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}"


def test_clean_drops_an_embedded_social_media_post() -> None:
    post = ("Police detained 40 workers at the market pic.twitter.com/Ab3xYz9 — City News (@citynews24) "
            "March 3, 2024")
    text = f"{PROSE}\n\n{post}\n\n{PROSE_2}"
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}"


@pytest.mark.parametrize("widget", ["Photo gallery", "Showing 12 photos", "View all 8 images"])
def test_clean_drops_a_gallery_widget(widget: str) -> None:
    assert cleaned_text(f"{PROSE}\n\n{widget}\n\n{PROSE_2}") == f"{PROSE}\n\n{PROSE_2}"


def test_clean_keeps_a_dated_sentence_without_a_credit() -> None:
    text = f"{PROSE}\n\nThe decree was published on the government portal on October 3, 2022."
    assert cleaned_text(text) == text


@pytest.mark.parametrize(
    "byline",
    [
        "By Anna Volkova",
        "By Anna Volkova and Ilya Kern, Example Wire",
        "Story by Daniyar Omarov for The Steppe Review",
        "Edited by Mark Jensen",
        "Source: Novaya Gazeta Europe",
        "Reporting by Olga Ivanova; Editing by Peter Graff",
    ],
)
def test_clean_drops_bylines(byline: str) -> None:
    text = f"{byline}\n\n{PROSE}\n\n{PROSE_2}"
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}"


@pytest.mark.parametrize(
    "sentence",
    [
        "By March, police had checked more than 3,000 dormitories.",
        "By Friday, most had left",
        "By then it was over",
    ],
)
def test_clean_keeps_sentences_starting_with_by(sentence: str) -> None:
    text = f"{PROSE}\n\n{sentence}\n\n{PROSE_2}"
    assert cleaned_text(text) == text


def test_byline_source_reads_the_source_line() -> None:
    assert byline_source(f"Source: Novaya Gazeta Europe\n\n{PROSE}") == "Novaya Gazeta Europe"
    assert byline_source(f"{PROSE}\nSource: Kloop.") == "Kloop"
    assert byline_source(PROSE) is None


def test_clean_drops_repeated_paragraphs() -> None:
    text = f"{PROSE}\n\n{PROSE_2}\n\n{PROSE_2.replace(' ', '  ')}\n\n{PROSE_3}"
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}\n\n{PROSE_3}"


def test_clean_keeps_a_short_paragraph_of_the_story_after_a_teaser_marker() -> None:
    quote = '"It is a case of organised smuggling," the officer added.'
    text = f"{PROSE}\n\nRecommended\n\n{quote}\n\n{PROSE_2}"
    assert cleaned_text(text) == f"{PROSE}\n\n{quote}\n\n{PROSE_2}"


def test_clean_drops_a_teaser_whose_marker_runs_into_its_headline() -> None:
    text = f"{PROSE}\n\nRelatedKremlin weighs new draft rules for the regions\n\n{PROSE_2}"
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}"


def test_clean_drops_read_more_teasers() -> None:
    teaser = "Why the Kremlin wants more soldiers from the regions"
    text = (
        f"{PROSE}\n\nREAD MORE\n\n{teaser}\n\n{PROSE_2}\n\n"
        f"Read more from the desk\n\n{teaser}\n\n{PROSE_3}"
    )
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}\n\n{PROSE_3}"


def test_clean_drops_a_list_of_links_under_read_also() -> None:
    links = ["- Why the Kremlin wants more soldiers from the regions", "- Killed during a shelling. Let's remember Ivan"]
    text = f"{PROSE}\n\nRead also\n" + "\n".join(links) + f"\n\n{PROSE_2}"
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}"
    # a list in the article itself stays
    listed = f"{PROSE}\n\n" + "\n".join(links) + f"\n\n{PROSE_2}"
    assert "Let's remember Ivan" in cleaned_text(listed)


def test_clean_drops_a_featured_post_and_its_cut_off_blurb() -> None:
    text = (f"{PROSE}\n\nFeatured Post\n\nGovernor visits the border: a report\n\nThe governor visited the "
            f"border and met the new recrui...\n\n{PROSE_2}")
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}"


def test_clean_drops_a_numbered_list_of_trending_stories() -> None:
    trending = "- 1 Twelve Found Dead in a Mountain Resort\n- 2 No Alternative to Integration, 17 Judges Declare"
    for heading in ("Trending stories", "Most read", "Latest news"):
        result = cleaned_text(f"{PROSE}\n{heading}\n{trending}\n{PROSE_2}")
        assert PROSE in result and PROSE_2 in result
        assert "Judges" not in result and "Found Dead" not in result


def test_clean_drops_a_related_stories_widget() -> None:
    widget = "- list 1 of 2Kenyan court charges a cult leader over 52 more deaths\n- list 2 of 2Photos: drought\nend of list"
    result = cleaned_text(f"{PROSE}\n{widget}\n{PROSE_2}")
    assert PROSE in result and PROSE_2 in result
    assert "cult leader" not in result and "list 2" not in result and "end of list" not in result


def test_clean_drops_a_publication_line_after_an_agency_credit() -> None:
    result = cleaned_text(f"{PROSE}\nAFP Published 05 Dec, 2023 03:01am\n{PROSE_2}")
    assert PROSE in result and PROSE_2 in result and "Published" not in result


def test_clean_joins_a_line_broken_after_a_month_abbreviation() -> None:
    text = "The proposal was published in a press release on Oct.\n19. Officials did not comment."
    assert cleaned_text(text) == "The proposal was published in a press release on Oct. 19. Officials did not comment."


def test_clean_drops_a_caption_that_ends_in_file_photo() -> None:
    caption = "Recruits attend basic training at a base near Kazan on March 3 2025. File photo"
    result = cleaned_text(f"{caption}\n\n{PROSE}\n\n{PROSE_2}")
    assert PROSE in result and "Recruits attend" not in result
    # a sentence about a file photo is prose
    prose = "The ministry published a file photo of the recruits. They were later sent to the front."
    assert cleaned_text(prose) == prose


def test_clean_drops_a_text_size_control() -> None:
    result = cleaned_text(f"{PROSE}\n\n+ ↺ − 16 px\n\n{PROSE_2}\n\nA- A+ 14px")
    assert PROSE in result and PROSE_2 in result
    assert "px" not in result and "↺" not in result


def test_clean_drops_breadcrumbs_and_captions_with_an_upper_case_agency_credit() -> None:
    text = (f"Current:Home > NewsPolice detain 40 migrants in Kazan -Some Site\n{PROSE}\n"
            f"A flag hangs over a street in Kazan. REUTERS/Ivan Petrov\n{PROSE_2}")
    result = cleaned_text(text)
    assert PROSE in result and PROSE_2 in result
    assert "Home" not in result and "REUTERS" not in result and "flag hangs" not in result


def test_clean_drops_trailing_headline_lists() -> None:
    headlines = [
        "Siberian Governor Resigns After Protests",
        "New Rules for Foreign Students Take Effect",
        "Exiled Band Plays Its First Concert in Riga",
    ]
    text = f"{PROSE}\n\n{PROSE_2}\n\n" + "\n".join(headlines)
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}"
    text = f"{PROSE}\n\nMost read\n\n" + "\n\n".join(headlines[:2])
    assert cleaned_text(text) == PROSE


def test_clean_keeps_a_short_closing_sentence() -> None:
    text = f"{PROSE}\n\nThe ministry declined to comment.\n\nShare"
    assert cleaned_text(text) == f"{PROSE}\n\nThe ministry declined to comment."


def test_clean_drops_section_labels_above_the_headline() -> None:
    text = f"world\nSkip to main content\n\nRussia Tightens Rules for New Citizens\n\n{PROSE}"
    assert cleaned_text(text) == f"Russia Tightens Rules for New Citizens\n\n{PROSE}"


def test_clean_rejoins_hard_wrapped_lines() -> None:
    text = (
        "The bill would allow courts to strip\n"
        "acquired citizenship from people convicted of\n"
        "evading military registration, its authors said."
    )
    assert cleaned_text(text) == " ".join(text.split("\n"))


def test_clean_rejoins_a_wrapped_line_that_opens_with_a_capitalised_dateline() -> None:
    """A line full of capitals is no headline when a sentence ends inside it: the wire dateline."""
    text = (
        "ALMATY, March 3. /Kazinform/. Deputy Interior Minister Arman Sultanov has signed\n"
        "Order No. 412 that requires employers to report foreign workers who leave for\n"
        "Russia, the ministry said on Friday in a statement posted on its website today."
    )
    assert cleaned_text(text) == " ".join(text.split("\n"))


def test_clean_drops_menu_bars_but_keeps_prose_with_slashes() -> None:
    text = (
        "Home | News | Central Asia | Opinion\n"
        "Politics · Economy · Migration · Video\n"
        "\n"
        "Officials in Osh said 40 men returned from Russia in May / June, after their contracts ended."
    )
    assert cleaned_text(text) == text.split("\n")[-1]


def test_clean_joins_hyphenated_line_breaks_of_lowercase_words() -> None:
    text = "Officials described the campaign as voluntary recruit-\nment of migrants."
    assert cleaned_text(text) == "Officials described the campaign as voluntary recruitment of migrants."
    names = "The decree was drafted with the Ministry of Defense and Rosgvardia-\nRosfinmonitoring staff."
    assert cleaned_text(names) == names


def test_clean_keeps_line_breaks_between_complete_sentences_and_list_items() -> None:
    text = f"{PROSE}\n{PROSE_2}\nKey findings:\n- Raids doubled in spring.\n- Most detainees were released."
    assert cleaned_text(text) == text


def test_clean_makes_paragraph_breaks_one_blank_line() -> None:
    text = f"{PROSE}\n\n\n   \n\n{PROSE_2}"
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_2}"


def test_clean_removes_footnote_markers() -> None:
    text = "The law entered into force in January [1] and was amended twice.[2] Critics objected."
    expected = "The law entered into force in January and was amended twice. Critics objected."
    assert cleaned_text(text) == expected


def test_clean_removes_star_marks_after_names_but_keeps_emphasis() -> None:
    text = "Anna Petrova** of the Sova Centre* believes it is rare. It is **not** over, *she* said."
    assert cleaned_text(text) == "Anna Petrova of the Sova Centre believes it is rare. It is not over, she said."


def test_clean_keeps_editorial_insertions_in_brackets() -> None:
    text = "“They took us [to the enlistment office] straight from the market,” he said in [2023]."
    assert cleaned_text(text) == text


def test_clean_separates_glued_sentences() -> None:
    result = clean("The raids continued into the night.Police did not comment.")
    assert result.text == "The raids continued into the night. Police did not comment."
    assert_maps_back("The raids continued into the night.Police did not comment.", result)
    assert cleaned_text("Readers can write to editors@example.com or visit example.org.") == (
        "Readers can write to editors@example.com or visit example.org."
    )


def test_clean_drops_a_scraper_date_prefix() -> None:
    assert cleaned_text(f"2024-03-05 — {PROSE}") == PROSE
    assert cleaned_text(f"March 5, 2024 - {PROSE}") == PROSE


def test_clean_keeps_a_truncated_last_sentence_without_its_cut_word() -> None:
    text = f"{PROSE}\n\nThe order was signed by the deputy head of the Defense Minis"
    assert cleaned_text(text) == f"{PROSE}\n\nThe order was signed by the deputy head of the Defense"
    whole = f"{PROSE}\n\nThe order was signed by the deputy head of the Defense Ministry."
    assert cleaned_text(whole) == whole
    # a last word written in full before is whole: "… Anna Orlova" after "Anna Orlova, a lawyer, …"
    named = (f"Anna Orlova, a lawyer, spoke on Monday.\n\n\"Give the passport back and you are free to go, "
             f"whatever your reasons for coming here,\" Anna Orlova")
    assert cleaned_text(named).endswith("Anna Orlova")


def test_clean_maps_spans_back_to_the_original() -> None:
    original = f"Skip to main content\n\n{PROSE}\nwas the\nfirst report.[3]\n\nShare\n\n{PROSE_3}"
    result = clean(original)
    assert_maps_back(original, result)
    for sentence in (PROSE, PROSE_3, "first report."):
        start = result.text.index(sentence)
        o_start, o_end = result.to_original(start, start + len(sentence))
        assert original[o_start:o_end] == sentence


def test_clean_handles_empty_and_whitespace_text() -> None:
    assert clean("").text == ""
    assert clean("  \n\n \t\n").text == ""


LINE_KINDS = [
    PROSE,
    PROSE_2,
    "the sentence goes on after a hard wrap",
    "and ends here.[4]",
    "A headline Without a Period",
    "Photo: Anna Smirnova",
    "Ivan Petrov / EPA",
    "Conscripts leave Omsk. May 1, 2023.",
    "READ MORE",
    "Share",
    "Source: The Ledger",
    "- a list item.",
    "The rule.Another sentence.",
    "2024-01-02 — Officials said so.",
    "recruit-",
    "ment drives continued.",
    "“Quoted,” he said.\u00a0",
    "   ",
    "",
    "Please support us by becoming a member.",
]


def test_clean_maps_every_character_back_on_random_documents() -> None:
    rng = random.Random(20240801)
    for _ in range(400):
        lines = [rng.choice(LINE_KINDS) for _ in range(rng.randint(1, 12))]
        original = rng.choice(["\n", "\n\n", "\r\n"]).join(lines)
        result = clean(original)
        assert_maps_back(original, result)
        assert "\n\n\n" not in result.text
        assert result.text == result.text.strip()


@pytest.mark.parametrize(
    "line",
    [
        "Registered migrants must now report to the enlistment office within 30 days.",
        "Published figures show that 1,200 men were detained in the spring.",
        "Thousands subscribe to the governor's channel for news about the draft.",
        "Journalists at RFE/RL",
        "Exclusive: Reuters Finds Recruiters in Kathmandu",
    ],
)
def test_clean_keeps_prose_that_resembles_boilerplate(line: str) -> None:
    text = f"{PROSE}\n\n{line}\n\n{PROSE_2}"
    assert cleaned_text(text) == text


def test_clean_keeps_a_trailing_list_in_sentence_case() -> None:
    demands = "- release the detained men\n- stop the raids\n- end the quotas"
    text = f"{PROSE}\n\nThe report lists three demands:\n{demands}"
    assert cleaned_text(text) == text


def test_clean_keeps_a_headline_apart_from_the_first_paragraph() -> None:
    text = f"Courts step up citizenship revocations\n{PROSE}"
    assert cleaned_text(text) == text


def test_clean_cleans_a_hard_wrapped_wire_story() -> None:
    original = (
        "World\n"
        "Border Guards Stop Recruits Heading to Russia\n"
        "By Priya Sharma\n"
        "Updated: Sept. 9, 2024\n"
        "\n"
        "KATHMANDU, Sept 9 - Nepal's border police said on Monday that more than\n"
        "200 men bound for Russian army contracts had been stopped at the airport\n"
        "since January.\n"
        "\n"
        "Advertisement\n"
        "\n"
        "Ram Thapa / AFP\n"
        "Relatives wait outside the passport office in Kathmandu. September 2, 2024.\n"
        "\n"
        "“Nobody told us it was a war,” said the father of one recruit.\n"
        "\n"
        "Reporting by Priya Sharma; Editing by Hugh Lawson\n"
        "Related\n"
        "Nepal Seeks Return of Its Citizens\n"
        "Families Wait for News From the Front\n"
        "Moscow Offers Passports to Foreign Fighters\n"
    )
    assert cleaned_text(original) == (
        "Border Guards Stop Recruits Heading to Russia\n\n"
        "KATHMANDU, Sept 9 - Nepal's border police said on Monday that more than 200 men bound for Russian "
        "army contracts had been stopped at the airport since January.\n\n"
        "“Nobody told us it was a war,” said the father of one recruit."
    )


def test_clean_maps_every_character_back_on_the_seed_articles() -> None:
    seeds = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
    assert seeds
    for seed in seeds:
        original = seed.read_text(encoding="utf-8")
        result = clean(original)
        assert_maps_back(original, result)
        assert 0 < len(result.text) <= len(original)


def test_clean_strips_markdown_marks_and_keeps_their_text() -> None:
    original = (
        "# Recruiters Target Students\n\n"
        "**Osh, May 2** — Police [detained four recruiters](https://example.org/a \"link\") near the\n"
        "university, the *regional* office said.\n\n"
        "![A dormitory in Osh](https://example.org/photo.jpg)\n"
        "> “We were promised jobs,” one student said."
    )
    assert cleaned_text(original) == (
        "Recruiters Target Students\n\n"
        "Osh, May 2 — Police detained four recruiters near the university, the regional office said.\n\n"
        "“We were promised jobs,” one student said."
    )


def test_clean_drops_markdown_boilerplate_by_its_visible_text() -> None:
    text = f"{PROSE}\n\n**READ MORE:**\n[Another story about raids](https://example.org/b)\n\n{PROSE_3}"
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_3}"


def test_clean_rejoins_wire_lines_cut_before_a_capitalised_name() -> None:
    """Lines filled to the wrap width are joined even when the next starts with a name; a title-case
    headline is not, and a truncated last line stays as it is."""
    original = (
        "Border Guards Stop Recruits at Manas Airport\n"
        "Kyrgyzstan's foreign ministry summoned the Russian ambassador on Monday\n"
        "after 14 Kyrgyz nationals were named in a list published by deputy minister\n"
        "Azamat Jolchubekov, who said the ministry wanted the bodies returned to\n"
        "their families as soon as possible. The ministry also asked Moscow to stop\n"
        "recruiting in the dormitories of"
    )
    assert cleaned_text(original) == (
        "Border Guards Stop Recruits at Manas Airport\n"
        "Kyrgyzstan's foreign ministry summoned the Russian ambassador on Monday after 14 Kyrgyz nationals were "
        "named in a list published by deputy minister Azamat Jolchubekov, who said the ministry wanted the "
        "bodies returned to their families as soon as possible. The ministry also asked Moscow to stop "
        "recruiting in the dormitories of"
    )


def test_clean_drops_date_banners_field_labels_and_ai_notices() -> None:
    text = (f"Friday, March 7, 2025\n\nDate:\n\nThis audio is created with AI assistance\n\n7 March 2025 09:41 "
            f"(UTC+05:00)\n\n{PROSE}")
    assert cleaned_text(text) == PROSE


def test_clean_cuts_furniture_a_scraper_ran_into_the_prose() -> None:
    text = (f"{PROSE} Advertisement googletag.cmd.push(function() {{ googletag.display(\"div-gpt-ad-1\"); }}); "
            f"{PROSE_3} READ ALSO: Police Detain 40 Workers At Kazan Market {PROSE_3} Join Our Telegram Channel "
            "To join: click the link below")
    result = cleaned_text(text)
    assert "googletag" not in result and "READ ALSO" not in result and "Join Our" not in result
    assert "Police Detain 40" not in result and result.count(PROSE_3) == 2


def test_clean_splits_sentences_glued_after_a_number_or_before_a_quote() -> None:
    text = 'The war began on Feb 24.Thousands left. The men stayed at home."We had no choice," one said.'
    result = cleaned_text(text)
    assert "Feb 24. Thousands" in result and 'home. "We' in result


def test_clean_reuses_a_recent_result_and_forgets_the_oldest_past_its_budget(monkeypatch):
    import kg.clean

    monkeypatch.setattr(kg.clean, "RECENT_CHARACTERS", 3 * len(PROSE) + 10)
    monkeypatch.setattr(kg.clean, "_recent", type(kg.clean._recent)())
    monkeypatch.setattr(kg.clean, "_recent_characters", 0)
    texts = [f"{PROSE}\n\n{n}" for n in range(4)]
    first = clean(texts[0])
    assert clean(texts[0]) is first  # a second cleaning of the same text costs nothing
    for text in texts[1:]:
        clean(text)
    assert clean(texts[0]) is not first and clean(texts[0]) == first  # evicted, then the same result again
    assert kg.clean._recent_characters <= kg.clean.RECENT_CHARACTERS


def test_clean_drops_a_box_about_the_sites_project_and_a_captcha_notice() -> None:
    text = (f"{PROSE}\n\nAbout Our Special Project\n\nTo mark World Refugee Day on June 20, our services focus on "
            f"the 12 countries of our region.\n\n{PROSE_3}\n\nThis site is protected by reCAPTCHA and the Google "
            "Privacy Policy and Terms of Service apply.")
    assert cleaned_text(text) == f"{PROSE}\n\n{PROSE_3}"
    story = f"{PROSE}\n\nAbout 40 workers were detained at the market.\n\n{PROSE_3}"
    assert cleaned_text(story) == story  # "About" that starts a sentence of the story


@pytest.mark.parametrize("furniture", [
    "Publication: Eurasia Daily Monitor Volume: 19 Issue: 166",
    "Follow Daryo's official Instagram and Twitter pages to keep current on world news",
])
def test_clean_drops_a_journals_issue_line_and_a_follow_us_line(furniture) -> None:
    assert cleaned_text(f"{PROSE}\n\n{furniture}\n\n{PROSE_2}") == f"{PROSE}\n\n{PROSE_2}"


def test_clean_keeps_a_quote_that_speaks_of_a_monthly_payment_and_drops_a_credited_caption() -> None:
    quote = ('"The recruiters offer pardons to prisoners who join, as well as a monthly payment to their '
             'relatives," the experts said.')
    caption = "A man walks out of the recruiting office in Kazan, Russia, November 4, 2022. (REUTERS Photo)"
    result = cleaned_text(f"{caption}\n\n{PROSE}\n\n{quote}\n\n{PROSE_2}")
    assert quote in result and PROSE in result and "walks out" not in result
    # a bracketed aside without a credit is prose
    aside = "The office opened in Kazan on November 4, 2022. (The ministry confirmed the date.)"
    assert cleaned_text(aside) == aside
