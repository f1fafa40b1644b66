"""itml.lm and itml.data.pydoc_corpus: character language models and their corpus."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from itml import coding, data, lm
from itml.losses import perplexity

TEXT = "the cat sat on the mat. the dog sat on the log. " * 20


@pytest.fixture(scope="module")
def corpus():
    return data.pydoc_corpus()


@pytest.fixture(scope="module")
def small():
    vocab = lm.Vocabulary(TEXT)
    train = vocab.encode(TEXT)
    test = vocab.encode("the cat sat on the log! a rat?")
    return vocab, train, test


def _models(small):
    vocab, train, _ = small
    V = len(vocab)
    torch.manual_seed(0)
    return [
        lm.Uniform(V),
        lm.AddK(train, V, order=1, k=1.0),
        lm.AddK(train, V, order=3, k=0.01),
        lm.KneserNey(train, V, order=1, discount=0.5),
        lm.KneserNey(train, V, order=4, discount=0.75),
        lm.CharGRU(V, embed_dim=4, hidden=8),
    ]


def test_corpus_split_is_deterministic_and_disjoint(corpus):
    topics = data.pydoc_topics()

    assert corpus == data.pydoc_corpus()
    kept = data._distinct_topics(topics)
    assert kept == sorted(set(kept)) and 50 <= len(kept) < len(topics)
    split_of = {k: "test" if i % 10 == 1 else "validation" if i % 10 == 2 else "train"
                for i, k in enumerate(kept)}
    for name, text in corpus.items():
        assert text == "".join(topics[k] for k in kept if split_of[k] == name)
    assert {"train", "validation", "test"} == set(split_of.values())
    assert min(len(t) for t in corpus.values()) > 10_000


def test_corpus_is_the_shipped_snapshot_not_the_running_python(corpus, monkeypatch):
    # The snapshot is Python 3.11's text: its size and vocabulary are fixed whatever Python runs.
    topics = data.pydoc_topics()
    assert len(topics) == 79 and sum(map(len, topics.values())) == 464_970
    assert len(set(corpus["train"])) == 103
    # pydoc_data is never imported: hiding it changes nothing.
    import sys

    monkeypatch.setitem(sys.modules, "pydoc_data.topics", None)
    assert data.pydoc_corpus() == corpus


def test_corpus_snapshot_ships_with_its_licence():
    from importlib import resources

    folder = resources.files("itml").joinpath("_data")
    assert "Python Software Foundation" in folder.joinpath("LICENSE-PSF.txt").read_text()


def test_corpus_has_no_repeated_test_text(corpus):
    test, train = corpus["test"], corpus["train"]
    pieces = [test[i: i + 60] for i in range(0, len(test) - 59, 60)]
    assert np.mean([p in train for p in pieces]) < 0.01


def test_vocabulary_maps_unknown_characters():
    vocab = lm.Vocabulary("abca")
    assert len(vocab) == 4 and vocab.unk == 3
    assert vocab.encode("cab!").tolist() == [2, 0, 1, 3]
    assert vocab.decode(vocab.encode("abc")) == "abc"
    with pytest.raises(ValueError, match="text"):
        lm.Vocabulary("")
    with pytest.raises(ValueError, match="text"):
        vocab.encode(b"abc")


def test_rows_are_distributions_and_never_zero(small):
    _, _, test = small
    for model in _models(small):
        q = model.distributions(test)
        assert q.shape == (len(test), model.vocab_size)
        np.testing.assert_allclose(q.sum(axis=1), 1.0, atol=1e-12)
        assert q.min() > 0  # smoothing: nothing is impossible, the unknown symbol included


def test_probabilities_match_distribution_rows(small):
    _, _, test = small
    for model in _models(small)[1:5]:
        q = model.distributions(test)
        np.testing.assert_allclose(model.probabilities(test), q[np.arange(len(test)), test], rtol=1e-12)


def test_models_are_causal(small):
    """Row i depends on the symbols before i only (what the decoder needs)."""
    _, _, test = small
    changed = test.copy()
    changed[10:] = (changed[10:] + 1) % (changed.max() + 1)
    for model in _models(small):
        a, b = model.distributions(test), model.distributions(changed)
        np.testing.assert_array_equal(a[:11], b[:11])


def test_next_distribution_matches_rows_and_decodes(small):
    _, _, test = small
    for model in _models(small)[1:5]:
        q = model.distributions(test)
        for i in range(len(test)):
            np.testing.assert_array_equal(model.next_distribution(test[:i]), q[i])
        blob = coding.encode(test, q)
        assert coding.decode(blob, model.next_distribution, n=len(test)).tolist() == test.tolist()


def test_uniform_perplexity_is_vocabulary_size(small):
    vocab, _, test = small
    q = lm.Uniform(len(vocab)).distributions(test)
    h = lm.cross_entropy_rate(q, test)
    assert abs(perplexity(h) - len(vocab)) < 1e-9
    assert abs(lm.cross_entropy_rate(q, test, base=2) - math.log2(len(vocab))) < 1e-12


def test_addk_matches_hand_count():
    m = lm.AddK([0, 1, 0, 1, 0, 2], vocab_size=3, order=2, k=0.5)
    # after symbol 0: counts (0, 2, 1), total 3
    np.testing.assert_allclose(m.distributions([0, 1])[1], np.array([0.5, 2.5, 1.5]) / 4.5)
    assert m.with_k(1.0).k == 1.0 and m.k == 0.5


def test_kneser_ney_order_1_is_discounted_unigram():
    train = np.array([0, 0, 0, 1])
    m = lm.KneserNey(train, vocab_size=3, order=1, discount=0.5)
    expected = (np.maximum(np.array([3, 1, 0]) - 0.5, 0) + 0.5 * 2 / 3) / 4
    np.testing.assert_allclose(m.distributions([2])[0], expected)


def test_kneser_ney_beats_addk_on_text(corpus):
    vocab = lm.Vocabulary(corpus["train"][:50_000])
    train, val = vocab.encode(corpus["train"][:50_000]), vocab.encode(corpus["validation"][:5000])
    kn = lm.KneserNey(train, len(vocab), order=4, discount=0.8)
    addk = lm.AddK(train, len(vocab), order=4, k=0.05)
    bigram = lm.AddK(train, len(vocab), order=2, k=1.0)
    ce = [lm.cross_entropy_rate(m.distributions(val), val, base=2) for m in (kn, addk, bigram)]
    assert ce[0] < ce[1] < ce[2]


def test_coder_round_trip_with_models(small):
    vocab, _, test = small
    for model in _models(small):
        q = model.distributions(test)
        blob = coding.encode(test, q)
        assert vocab.decode(coding.decode(blob, q)) == vocab.decode(test)
        assert abs(8 * len(blob) - coding.ideal_code_length(test, q)) <= 10


@pytest.fixture
def one_thread():
    """Tiny models train fastest (and reproducibly) on one thread."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_train_char_model_lowers_the_loss(small, one_thread):
    vocab, train, _ = small
    torch.manual_seed(0)
    model = lm.CharGRU(len(vocab), embed_dim=8, hidden=32)
    before = lm.cross_entropy_rate(model.distributions(train[:200]), train[:200])
    losses = lm.train_char_model(model, train, steps=60, seq_len=32, batch_size=8, lr=1e-2, seed=0)
    after = lm.cross_entropy_rate(model.distributions(train[:200]), train[:200])
    assert len(losses) == 60 and after < 0.6 * before
    with pytest.raises(ValueError, match="seq_len"):
        lm.train_char_model(model, train[:10], steps=1, seq_len=32)
    for bad, match in (({"steps": 0}, "steps"), ({"batch_size": True}, "batch_size"), ({"lr": -1.0}, "lr")):
        with pytest.raises(ValueError, match=match):
            lm.train_char_model(model, train, **bad)
    with pytest.raises(TypeError, match="batch_size must be an integer"):
        lm.train_char_model(model, train, batch_size=2.5)


def test_cross_entropy_rate():
    assert round(lm.cross_entropy_rate([[0.5, 0.5], [0.25, 0.75]], [0, 1], base=2), 4) == 0.7075
    with pytest.raises(ValueError, match="ids must have length 1"):
        lm.cross_entropy_rate([[0.5, 0.5]], [0, 1])
    with pytest.raises(ValueError, match="2-D"):
        lm.cross_entropy_rate([0.5, 0.5], [0])
    with pytest.raises(ValueError, match="probs contains NaN"):
        lm.cross_entropy_rate([[np.nan, 0.5]], [0])
    with pytest.raises(ValueError, match="rows must sum to 1"):  # checked as itml.coding checks it
        lm.cross_entropy_rate([[0.5, 0.6]], [0])
    with pytest.raises(TypeError, match="ids must be a 1-D array of integer symbols"):
        lm.cross_entropy_rate([[0.5, 0.5]], ["a"])


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: lm.Uniform(1), "vocab_size"),
        (lambda: lm.AddK([0, 1], 2, order=0), "order"),
        (lambda: lm.AddK([0, 1], 2, order=2, k=0), "k must"),
        (lambda: lm.AddK([0, 1], 2, order=2, k=float("nan")), "k must"),
        (lambda: lm.AddK([], 2, order=2), "train_ids is empty"),
        (lambda: lm.AddK([0, 5], 2, order=2), "train_ids must lie"),
        (lambda: lm.KneserNey([0, 1], 2, order=2, discount=1.0), "discount"),
        (lambda: lm.KneserNey([0, 1], 104, order=10), "too large"),
        (lambda: lm.KneserNey([0, 1], 2, order=2).with_discount(0), "discount"),
        (lambda: lm.Uniform(3).distributions([0, 3]), "ids must lie"),
        (lambda: lm.Uniform(3).distributions([0.5]), "integer"),
    ],
)
def test_bad_input(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_gru_windows_are_read_from_a_reset_state(small):
    # window=T evaluates the way train_char_model trains: each piece of T symbols from the start id.
    vocab, train, test = small
    torch.manual_seed(0)
    model = lm.CharGRU(len(vocab), embed_dim=4, hidden=8)
    T = 7
    got = model.distributions(test, window=T)
    pieces = [model.distributions(test[i: i + T]) for i in range(0, len(test), T)]
    assert got.shape == (len(test), len(vocab))
    np.testing.assert_allclose(got, np.concatenate(pieces), atol=1e-6)
    np.testing.assert_allclose(got.sum(axis=1), 1.0, atol=1e-12)
    # A window at least as long as the text is the one-pass reading; a shorter one differs.
    np.testing.assert_allclose(model.distributions(test, window=len(test)), model.distributions(test), atol=1e-6)
    assert not np.allclose(got, model.distributions(test), atol=1e-4)
    # Causal: changing the symbols after position i leaves rows 0..i alone.
    other = test.copy()
    other[10:] = (other[10:] + 1) % len(vocab)
    np.testing.assert_allclose(model.distributions(other, window=T)[:11], got[:11], atol=1e-9)
    for bad in (0, -1):
        with pytest.raises(ValueError, match="window"):
            model.distributions(test, window=bad)
    with pytest.raises(TypeError, match="window"):
        model.distributions(test, window=2.5)
