"""The golden-set metrics on hand-made cases, including the ones a lenient implementation gets wrong."""

from __future__ import annotations

import math

import pytest

from eval.metrics import (
    CitedQuote,
    GoldenQuestion,
    SystemAnswer,
    accuracy_by_category,
    answer_correct,
    by_class,
    choose_threshold,
    citation_is_precise,
    f1,
    missing_facts,
    ndcg_at_k,
    outcome_scores,
    percentile,
    recall_at_k,
    reciprocal_rank,
    refusal_precision_recall,
    score_question,
    stage_latency,
    summarize,
)

RING = "product:AUR-RG-1181"
CERT = "certificate:8749712740"
POLICY = "policy:client_service_policy"
AFTERCARE = "aftercare:aftercare_guide"


def question(
    category: str = "spec-sku",
    text: str = "What is the clarity of AUR-RG-1181?",
    expected: tuple[str, ...] = (RING,),
    facts: tuple[str, ...] = ("clarity VS1",),
    answerable: bool = True,
) -> GoldenQuestion:
    return GoldenQuestion("q", category, text, expected, facts, answerable)


def unanswerable(text: str = "How much is AUR-RG-9999?", category: str = "unanswerable") -> GoldenQuestion:
    return question(category=category, text=text, expected=(), facts=(), answerable=False)


def answer(
    text: str = "",
    refused: bool = False,
    citations: tuple[CitedQuote, ...] = (),
    retrieved: tuple[str, ...] = (),
    timings: dict[str, float] | None = None,
) -> SystemAnswer:
    return SystemAnswer(text, refused, citations, retrieved, timings or {})


# -- retrieval --------------------------------------------------------------------------------------
def test_recall_at_5_counts_distinct_documents_so_repeated_chunks_do_not_push_a_hit_out() -> None:
    retrieved = (POLICY, POLICY, POLICY, POLICY, POLICY, RING)
    assert recall_at_k(retrieved, [RING], 5) == 1.0


def test_recall_at_5_misses_a_document_ranked_sixth_among_distinct_ones() -> None:
    retrieved = ("a", "b", "c", "d", "e", RING)
    assert recall_at_k(retrieved, [RING], 5) == 0.0


def test_recall_is_the_share_of_expected_documents_found() -> None:
    assert recall_at_k((RING, POLICY), [RING, CERT], 5) == 0.5


def test_retrieval_metrics_do_not_apply_without_expected_documents() -> None:
    assert recall_at_k((RING,), [], 5) is None
    assert reciprocal_rank((RING,), []) is None
    assert ndcg_at_k((RING,), [], 10) is None


def test_reciprocal_rank_is_taken_on_distinct_documents() -> None:
    assert reciprocal_rank((POLICY, POLICY, RING), [RING]) == 0.5
    assert reciprocal_rank((POLICY, CERT), [RING]) == 0.0


def test_ndcg_is_one_for_a_perfect_ranking_and_discounted_below_the_top() -> None:
    assert ndcg_at_k((RING, CERT, POLICY), [RING, CERT]) == pytest.approx(1.0)
    assert ndcg_at_k((POLICY, RING), [RING]) == pytest.approx(1 / math.log2(3))
    # Two expected, only one found at rank 1: DCG 1 against an ideal of 1 + 1/log2(3).
    assert ndcg_at_k((RING, POLICY), [RING, CERT]) == pytest.approx(1 / (1 + 1 / math.log2(3)))


def test_ndcg_ignores_hits_beyond_k() -> None:
    retrieved = tuple(f"doc{i}" for i in range(10)) + (RING,)
    assert ndcg_at_k(retrieved, [RING], 10) == 0.0


# -- answers ----------------------------------------------------------------------------------------
def test_facts_match_case_insensitively_as_substrings() -> None:
    assert missing_facts("Center stone: diamond, CLARITY vs1", ["clarity VS1", "USD 18,790"]) == ["USD 18,790"]


def test_a_label_in_the_fact_keeps_vvs1_from_matching_vs1() -> None:
    assert missing_facts("clarity VVS1", ["clarity VS1"]) == ["clarity VS1"]


def test_an_answer_needs_every_fact() -> None:
    q = question(facts=("clarity VS1", "USD 18,790"))
    assert not answer_correct(q, answer("clarity VS1"))
    assert answer_correct(q, answer("clarity VS1; Price: USD 18,790"))


def test_a_refused_answerable_question_is_not_correct_even_if_the_text_holds_the_facts() -> None:
    assert not answer_correct(question(), answer("clarity VS1, but I won't guess", refused=True))


def test_an_unanswerable_question_is_never_answered_correctly() -> None:
    assert not answer_correct(unanswerable(), answer("anything"))


# -- citations --------------------------------------------------------------------------------------
def test_a_citation_of_the_right_document_whose_quote_lacks_the_fact_is_not_precise() -> None:
    assert not citation_is_precise(CitedQuote(RING, "Metal: Platinum (PT950)"), [RING], ["clarity VS1"])


def test_a_citation_quoting_the_fact_from_another_document_is_not_precise() -> None:
    assert not citation_is_precise(CitedQuote(CERT, "Clarity VS1"), [RING], ["clarity VS1"])


def test_a_citation_of_an_expected_document_quoting_one_fact_is_precise() -> None:
    quote = "Center stone: diamond, 1.01 ct, CLARITY VS1"
    assert citation_is_precise(CitedQuote(RING, quote), [RING], ["clarity VS1", "USD 18,790"])


def test_a_citation_of_a_document_that_also_states_the_fact_is_precise_but_not_needed_for_recall() -> None:
    strand = GoldenQuestion(
        "q", "two-docs", "How often should the strand of AUR-NK-5037 be restrung?", (RING, AFTERCARE), ("every 2 years",),
        True, also_cited=(POLICY,),
    )
    policy_quote = CitedQuote(POLICY, "Perle de Lune pearl strands should be restrung every 2 years.")
    score = score_question(strand, answer("every 2 years", citations=(policy_quote,), retrieved=(RING, POLICY)))
    assert (score.precise_citations, score.citations_counted) == (1, 1)
    assert score.recall_at_5 == 0.5  # the aftercare guide it expects was not retrieved
    plain = score_question(question(expected=(RING, AFTERCARE), facts=("every 2 years",)), answer("every 2 years", citations=(policy_quote,)))
    assert plain.precise_citations == 0


def test_citations_of_a_refusal_are_not_counted() -> None:
    score = score_question(question(), answer(refused=True, citations=(CitedQuote(POLICY, "x"),)))
    assert (score.precise_citations, score.citations_counted) == (0, 0)


def test_citation_precision_pools_all_citations_of_answered_questions() -> None:
    good = CitedQuote(RING, "clarity VS1")
    bad = CitedQuote(RING, "Metal: Platinum")
    scores = [
        score_question(question(), answer("clarity VS1", citations=(good, bad))),
        score_question(question(), answer("clarity VS1", citations=(good,))),
        score_question(unanswerable(), answer("Price: USD 1", citations=(CitedQuote(RING, "Price: USD 1"),))),
    ]
    assert summarize(scores)["citation_precision"] == pytest.approx(2 / 4)


# -- refusals ---------------------------------------------------------------------------------------
def test_refusing_an_answerable_question_costs_refusal_precision_and_accuracy() -> None:
    scores = [
        score_question(question(), answer(refused=True)),  # false refusal
        score_question(unanswerable(), answer(refused=True)),  # true refusal
        score_question(unanswerable(), answer("a guess")),  # missed refusal
        score_question(question(), answer("clarity VS1")),
    ]
    precision, recall = refusal_precision_recall(scores)
    assert (precision, recall) == (0.5, 0.5)
    summary = summarize(scores)
    assert summary["answer_accuracy"] == 0.5
    assert summary["refusal_f1"] == pytest.approx(0.5)


def test_a_system_that_never_refuses_has_undefined_precision_and_zero_recall() -> None:
    scores = [score_question(unanswerable(), answer("a guess")), score_question(question(), answer("clarity VS1"))]
    assert refusal_precision_recall(scores) == (None, 0.0)
    assert f1(None, 0.0) == 0.0


# -- categories and exact identifiers ---------------------------------------------------------------
def test_exact_identifier_questions_are_the_record_categories_and_unanswerable_ones_naming_a_code() -> None:
    assert question(category="certificate").is_exact_identifier
    assert unanswerable("What is the girdle on report 8759330189?").is_exact_identifier
    assert unanswerable("Which lab graded AUR-LD-35405?").is_exact_identifier
    assert not unanswerable("Do you sell watches?").is_exact_identifier
    assert not question(category="two-docs").is_exact_identifier


def test_exact_identifier_accuracy_credits_refusing_an_unknown_code_and_not_answering_it() -> None:
    scores = [
        score_question(question(), answer("clarity VS1")),
        score_question(question(), answer("Metal: Platinum")),
        score_question(unanswerable(), answer(refused=True)),
        score_question(unanswerable(), answer("Price: USD 1")),
        score_question(unanswerable("Do you sell watches?"), answer("Yes")),  # not an identifier question
    ]
    summary = summarize(scores)
    assert summary["exact_identifier_questions"] == 4
    assert summary["exact_identifier_accuracy"] == 0.5


def test_category_accuracy_counts_a_refusal_as_right_only_for_unanswerable_questions() -> None:
    scores = [
        score_question(unanswerable(), answer(refused=True)),
        score_question(unanswerable(), answer("guess")),
        score_question(question(category="returns"), answer(refused=True)),
    ]
    by_category = accuracy_by_category(scores)
    assert by_category["unanswerable"] == {"n": 2, "correct": 1, "accuracy": 0.5}
    assert by_category["returns"]["accuracy"] == 0.0


def test_failures_say_what_went_wrong() -> None:
    score = score_question(
        question(facts=("clarity VS1", "USD 18,790")),
        answer("clarity VS1", citations=(CitedQuote(RING, "Metal: Platinum"),), retrieved=(POLICY,)),
    )
    assert score.failures == ["answer lacks 'USD 18,790'", "Recall@5 0.00", "1/1 citations imprecise"]


# -- latency ----------------------------------------------------------------------------------------
def test_percentile_interpolates_between_closest_ranks() -> None:
    assert percentile([4, 1, 3, 2], 50) == 2.5
    assert percentile([1, 2, 3, 4], 95) == pytest.approx(3.85)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_stage_latency_only_counts_questions_that_reached_the_stage() -> None:
    latency = stage_latency([{"retrieve": 10, "total": 12}, {"retrieve": 30, "compose": 2, "total": 35}])
    assert latency["retrieve"]["p50"] == 20
    assert latency["compose"] == {"p50": 2, "p95": 2, "n": 1}
    assert latency["verify"] == {"p50": None, "p95": None, "n": 0}


# -- threshold calibration --------------------------------------------------------------------------
def test_the_threshold_with_the_best_objective_is_chosen() -> None:
    rows = [{"threshold": t, "objective": o} for t, o in ((0.3, 0.6), (0.35, 0.8), (0.4, 0.7))]
    assert choose_threshold(rows)[0] == 0.35


def test_a_tie_takes_the_median_of_the_tied_thresholds() -> None:
    rows = [{"threshold": t, "objective": 0.8 if 0.4 <= t <= 0.5 else 0.5} for t in (0.3, 0.4, 0.45, 0.5, 0.55)]
    chosen, how = choose_threshold(rows)
    assert chosen == 0.45
    assert "3 thresholds tie" in how


def test_a_fact_stated_in_two_wordings_is_met_by_either_and_by_nothing_else() -> None:
    q = question(
        "resizing",
        "Is the first resizing of a ring free of charge?",
        expected=(POLICY, "aftercare:aftercare_guide"),
        facts=("one complimentary resizing within 60 days || resized once without charge within 60 days",),
    )
    aftercare = CitedQuote("aftercare:aftercare_guide", "A ring can be resized once without charge within 60 days of purchase.")
    assert score_question(q, answer(aftercare.quote, citations=(aftercare,))).answer_correct
    policy = CitedQuote(POLICY, "Every ring receives one complimentary resizing within 60 days of purchase.")
    assert score_question(q, answer(policy.quote, citations=(policy,))).precise_citations == 1
    other = CitedQuote(POLICY, "Resizing costs $120 after 60 days.")
    score = score_question(q, answer(other.quote, citations=(other,)))
    assert not score.answer_correct and score.precise_citations == 0


# -- outcomes: answers, refusals and closest passages ------------------------------------------------
def _scored(q: GoldenQuestion, a: SystemAnswer):  # type: ignore[no-untyped-def]
    return score_question(q, a)


def test_the_closest_passages_hold_the_fact_only_for_an_answerable_question_not_answered() -> None:
    q = question(facts=("clarity VS1",))
    assert _scored(q, SystemAnswer("Not sure", True, (), (), {}, ("Center stone: diamond, clarity VS1",))).closest_holds
    assert not _scored(q, SystemAnswer("Not sure", True, (), (), {}, ("Metal: Platinum",))).closest_holds
    assert not _scored(q, SystemAnswer("clarity VS1 [1]", False, (), (), {}, ("clarity VS1",))).closest_holds  # answered


def test_confident_precision_counts_right_answers_among_all_answers_given() -> None:
    right = _scored(question(), answer("clarity VS1 [1]"))
    wrong = _scored(question(), answer("clarity SI2 [1]"))
    answered_unanswerable = _scored(unanswerable(), answer("USD 1,000 [1]"))
    refused = _scored(question(), answer("Not in the house documents.", refused=True))
    outcomes = outcome_scores([right, wrong, answered_unanswerable, refused])
    assert outcomes["confident_precision"] == pytest.approx(1 / 3)
    assert outcomes["answer_accuracy"] == pytest.approx(1 / 3)


def test_answer_or_closest_counts_the_closest_passages_holding_the_fact() -> None:
    closest = _scored(question(), SystemAnswer("Not sure", True, (), (), {}, ("clarity VS1",)))
    right = _scored(question(), answer("clarity VS1 [1]"))
    bare = _scored(question(), answer("", refused=True))
    outcomes = outcome_scores([closest, right, bare])
    assert outcomes["answer_or_closest"] == pytest.approx(2 / 3)
    assert outcomes["closest_recall"] == pytest.approx(1 / 2)


def test_outcomes_are_given_per_question_class_or_category() -> None:
    typo = GoldenQuestion("q1", "returns", "can she retrun it?", (POLICY,), ("30 calendar days",), True, question_class="typo")
    plain = question()
    rows = by_class([_scored(typo, answer("within 30 calendar days [1]")), _scored(plain, answer("clarity SI2"))])
    assert rows["typo"]["n"] == 1 and rows["typo"]["answer_accuracy"] == 1.0
    assert rows["spec-sku"]["answer_accuracy"] == 0.0
