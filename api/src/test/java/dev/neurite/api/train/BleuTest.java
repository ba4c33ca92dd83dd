package dev.neurite.api.train;

import dev.neurite.api.io.Json;
import dev.neurite.api.train.Bleu.Smoothing;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BLEU against the numbers of Papineni et al. (2002), hand-computed cases, and the committed fixture of
 * fixtures/bleu/make_bleu.py (a Python reference implementation, checked there against NLTK's corpus_bleu).
 */
class BleuTest {
    private static List<String> words(String s) {
        return Arrays.asList(s.toLowerCase().split(" "));
    }

    // The three references of the paper's Example 1.
    private static final List<List<String>> PAPER_REFERENCES = List.of(
            words("It is a guide to action that ensures that the military will forever heed Party commands"),
            words("It is the guiding principle which guarantees the military forces always being under the command of the Party"),
            words("It is the practical guide for the army always to heed the directions of the party"));

    private static Bleu.Score bleu(int order, Smoothing s, List<String> hypothesis, List<List<String>> references) {
        return new Bleu(order, s).add(hypothesis, references).score();
    }

    @Test
    void modifiedUnigramPrecisionClipsByTheReferenceCount() {
        // Section 2.1: "the the the the the the the" has standard unigram precision 7/7 but modified precision 2/7.
        Bleu.Score s = bleu(1, Smoothing.NONE, words("the the the the the the the"),
                List.of(words("The cat is on the mat"), words("There is a cat on the mat")));
        assertEquals(2, s.matches()[0]);
        assertEquals(7, s.totals()[0]);
        assertEquals(2 / 7.0, s.precisions()[0], 1e-15);
    }

    @Test
    void thePapersCandidatesOfExampleOne() {
        // Section 2.1.1: modified unigram precisions 17/18 and 8/14, bigram precisions 10/17 and 1/13.
        Bleu.Score one = bleu(2, Smoothing.NONE,
                words("It is a guide to action which ensures that the military always obeys the commands of the party"),
                PAPER_REFERENCES);
        Bleu.Score two = bleu(2, Smoothing.NONE,
                words("It is to insure the troops forever hearing the activity guidebook that party direct"),
                PAPER_REFERENCES);
        assertArrayEquals(new long[]{17, 10}, one.matches());
        assertArrayEquals(new long[]{18, 17}, one.totals());
        assertArrayEquals(new long[]{8, 1}, two.matches());
        assertArrayEquals(new long[]{14, 13}, two.totals());
        // The second reference has candidate 1's length, 18: no brevity penalty (c = r gives exp(0)).
        assertEquals(18, one.referenceLength());
        assertEquals(1, one.brevityPenalty());
        assertEquals(Math.sqrt(17 / 18.0 * 10 / 17.0), one.bleu(), 1e-12);
    }

    @Test
    void aShortCandidateIsPenalisedForBrevity() {
        // Section 2.2.1: "of the" has modified unigram and bigram precision 1; the closest reference length is 16.
        Bleu.Score s = bleu(2, Smoothing.NONE, words("of the"), PAPER_REFERENCES);
        assertArrayEquals(new double[]{1, 1}, s.precisions(), 0);
        assertEquals(16, s.referenceLength());
        assertEquals(Math.exp(1 - 16 / 2.0), s.bleu(), 1e-15);
    }

    @Test
    void clippingTakesTheMaximumOverReferencesNotTheSum() {
        Bleu.Score s = bleu(1, Smoothing.NONE, words("the the the"), List.of(words("the cat"), words("the the dog")));
        assertEquals(2, s.matches()[0]);
    }

    @Test
    void theClosestReferenceLengthPrefersTheShorterOnATie() {
        Bleu.Score s = bleu(1, Smoothing.NONE, words("a b c d e"), List.of(words("a b c d e f"), words("a b c d")));
        assertEquals(4, s.referenceLength());
        assertEquals(1, s.brevityPenalty(), "5 tokens against 4: no penalty");
    }

    @Test
    void aPerfectMatchScoresOneWithStringsOrIntegers() {
        List<String> sentence = words("the quick brown fox jumps over the lazy dog");
        assertEquals(1, Bleu.sentence(sentence, List.of(sentence, words("a fox")), Smoothing.NONE), 1e-15);
        List<Integer> ids = List.of(4, 8, 15, 16, 23, 42);
        assertEquals(1, Bleu.corpus(List.of(ids, ids), List.of(List.of(ids), List.of(List.of(1, 2), ids))), 1e-15);
    }

    @Test
    void decodedIdsAreCutAtTheFirstStopToken() {
        assertEquals(List.of(5L, 6L), Bleu.tokens(new long[]{5, 6, 2, 7, 0}, 2, 0));
        assertEquals(List.of(), Bleu.tokens(new long[]{0, 5}, 2, 0));
        List<Long> hyp = Bleu.tokens(new long[]{3, 4, 5, 6, 7, 2, 0}, 2, 0);
        assertEquals(1, Bleu.sentence(hyp, List.of(Bleu.tokens(new long[]{3, 4, 5, 6, 7, 2}, 2)), Smoothing.NONE), 1e-15);
    }

    @Test
    void noFourGramMatchScoresZeroUnlessSmoothed() {
        // hypothesis a b c d e, reference a b c x d e: precisions 5/5, 3/4, 1/3, 0/2; c = 5, r = 6
        List<String> hyp = words("a b c d e");
        List<List<String>> ref = List.of(words("a b c x d e"));
        double bp = Math.exp(1 - 6 / 5.0);
        assertEquals(0, Bleu.sentence(hyp, ref, Smoothing.NONE));
        assertEquals(bp * Math.pow(1 * 0.75 * (1 / 3.0) * (0.1 / 2), 0.25), Bleu.sentence(hyp, ref, Smoothing.EPSILON), 1e-15);
        assertEquals(bp * Math.pow(1 * (4 / 5.0) * (2 / 4.0) * (1 / 3.0), 0.25), Bleu.sentence(hyp, ref, Smoothing.ADD_ONE),
                1e-15);
    }

    @Test
    void noCommonTokenScoresZeroWhateverTheSmoothing() {
        for (Smoothing s : Smoothing.values()) {
            assertEquals(0, Bleu.sentence(words("x y z w"), List.of(words("a b c d")), s), s.toString());
        }
    }

    @Test
    void accumulatingSentenceBySentenceIsTheCorpusScore() {
        List<List<String>> hyps = List.of(words("the cat sat on the mat"), words("a dog is in the garden today"));
        List<List<List<String>>> refs = List.of(List.of(words("the cat sat on a mat")),
                List.of(words("a dog is in the garden"), words("the dog is in a garden now")));
        Bleu acc = new Bleu();
        acc.add(words("nothing in common"), List.of(words("at all")));
        acc.reset();
        for (int i = 0; i < 2; i++) {
            acc.add(hyps.get(i), refs.get(i));
        }
        assertEquals(Bleu.corpus(hyps, refs), acc.score().bleu(), 0);
        assertTrue(acc.score().bleu() > 0 && acc.score().bleu() < 1, acc.score().toString());
    }

    @Test
    void matchesTheReferenceImplementationsFixture() throws IOException {
        Map<String, Object> root;
        try (InputStream in = BleuTest.class.getResourceAsStream("/fixtures/bleu/bleu.json")) {
            assertNotNull(in, "fixtures/bleu/bleu.json on the test class path");
            root = Json.parseObject(in.readAllBytes());
        }
        List<?> cases = (List<?>) root.get("cases");
        assertTrue(cases.size() >= 20, "cases: " + cases.size());
        for (Object o : cases) {
            Map<?, ?> c = (Map<?, ?>) o;
            String name = (String) c.get("name");
            Smoothing smoothing = Smoothing.valueOf(((String) c.get("smoothing")).toUpperCase());
            int order = ((Number) c.get("max_order")).intValue();
            List<List<Object>> hyps = new ArrayList<>();
            for (Object h : (List<?>) c.get("hypotheses")) {
                hyps.add(new ArrayList<>((List<?>) h));
            }
            List<List<List<Object>>> refs = new ArrayList<>();
            for (Object rs : (List<?>) c.get("references")) {
                List<List<Object>> these = new ArrayList<>();
                for (Object r : (List<?>) rs) {
                    these.add(new ArrayList<>((List<?>) r));
                }
                refs.add(these);
            }
            Bleu.Score s = Bleu.corpus(hyps, refs, order, smoothing);
            assertEquals(((Number) c.get("bleu")).doubleValue(), s.bleu(), 1e-12, name);
            assertEquals(((Number) c.get("brevity_penalty")).doubleValue(), s.brevityPenalty(), 1e-12, name);
            assertEquals(((Number) c.get("reference_length")).longValue(), s.referenceLength(), name);
            assertEquals(((Number) c.get("hypothesis_length")).longValue(), s.hypothesisLength(), name);
            List<?> matches = (List<?>) c.get("matches");
            List<?> totals = (List<?>) c.get("totals");
            for (int n = 0; n < order; n++) {
                assertEquals(((Number) matches.get(n)).longValue(), s.matches()[n], name + " matches of order " + (n + 1));
                assertEquals(((Number) totals.get(n)).longValue(), s.totals()[n], name + " totals of order " + (n + 1));
            }
        }
    }

    @Test
    void badInputIsRefusedWithWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bleu.corpus(List.of(words("a")), List.of()));
        assertTrue(e.getMessage().contains("1 hypotheses and 0 reference lists"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Bleu().add(words("a"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Bleu(0, Smoothing.NONE));
    }
}
