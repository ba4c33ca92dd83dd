package dev.neurite.api.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BLEU (Papineni et al., 2002), the n-gram overlap score of machine translation, over tokens of any type (strings,
 * integer ids: anything with {@code equals} and {@code hashCode}).
 *
 * <p>For each order n up to {@link #maxOrder()} (4 by default) the modified precision counts a hypothesis n-gram
 * at most as often as it occurs in any single one of its references (clipping by the maximum reference count); the
 * corpus score sums clipped matches and hypothesis n-grams over all sentences before dividing, takes the geometric
 * mean of the orders' precisions with uniform weights and multiplies by the brevity penalty
 * {@code exp(1 - r / c)} when the hypotheses' total length c is at most r, the sum over sentences of the reference
 * length closest to each hypothesis (the shorter on a tie). That is NLTK's {@code corpus_bleu} and sacrebleu's
 * score on the same tokens (times 100 for sacrebleu), except that NLTK counts a hypothesis shorter than n as one
 * n-gram rather than none.
 *
 * <p>Without smoothing a corpus with no n-gram match of some order scores 0; {@link Smoothing} offers the two usual
 * remedies for short texts and single sentences. With no unigram match at all the score is 0 whatever the smoothing,
 * as in NLTK. Accumulate with {@link #add} sentence by sentence, or call {@link #corpus} or {@link #sentence}.
 *
 * <pre>{@code
 * double b = Bleu.sentence(List.of("the", "cat", "is", "on", "the", "mat"),
 *         List.of(List.of("the", "cat", "sat", "on", "the", "mat")), Bleu.Smoothing.EPSILON);
 * }</pre>
 */
public final class Bleu {
    /** What to do with an order whose n-grams never match (Chen and Cherry, 2014). */
    public enum Smoothing {
        /** None: the score is 0. */
        NONE,
        /** Chen and Cherry's method 1: a zero match count becomes epsilon (0.1), i.e. precision {@code 0.1 / total}. */
        EPSILON,
        /**
         * Chen and Cherry's method 2, "add-1" (Lin and Och, 2004): 1 is added to the match count and the total of every
         * order from 2 on; unigrams are left as they are.
         */
        ADD_ONE
    }

    /** The epsilon of {@link Smoothing#EPSILON}, NLTK's default. */
    public static final double EPSILON = 0.1;

    /**
     * A corpus score and its parts: per order (index 0 is unigrams) the clipped matches and the hypothesis n-grams,
     * the modified precisions after smoothing, the brevity penalty and the lengths it came from.
     */
    public record Score(double bleu, long[] matches, long[] totals, double[] precisions, double brevityPenalty,
                        long hypothesisLength, long referenceLength) {
    }

    private final int maxOrder;
    private final Smoothing smoothing;
    private final long[] matches;
    private final long[] totals;
    private long hypothesisLength;
    private long referenceLength;

    /** BLEU-4 without smoothing. */
    public Bleu() {
        this(4, Smoothing.NONE);
    }

    public Bleu(int maxOrder, Smoothing smoothing) {
        if (maxOrder < 1) {
            throw new IllegalArgumentException("BLEU: the maximum n-gram order must be >= 1, got " + maxOrder);
        }
        if (smoothing == null) {
            throw new IllegalArgumentException("BLEU: expected a smoothing (Smoothing.NONE for none), got null");
        }
        this.maxOrder = maxOrder;
        this.smoothing = smoothing;
        this.matches = new long[maxOrder];
        this.totals = new long[maxOrder];
    }

    public int maxOrder() {
        return maxOrder;
    }

    public Smoothing smoothing() {
        return smoothing;
    }

    /** Starts a new corpus. */
    public void reset() {
        Arrays.fill(matches, 0);
        Arrays.fill(totals, 0);
        hypothesisLength = 0;
        referenceLength = 0;
    }

    /** Adds one hypothesis and its references (at least one) to the corpus. */
    public <T> Bleu add(List<T> hypothesis, List<? extends List<T>> references) {
        if (hypothesis == null || references == null || references.isEmpty()) {
            throw new IllegalArgumentException("BLEU: expected a hypothesis and at least one reference, got "
                    + (references == null ? "no references" : references.size() + " references"));
        }
        for (int n = 1; n <= maxOrder; n++) {
            Map<List<T>, Integer> counts = ngrams(hypothesis, n);
            Map<List<T>, Integer> maxRef = new HashMap<>();
            for (List<T> reference : references) {
                ngrams(reference, n).forEach((g, c) -> {
                    if (counts.containsKey(g)) {
                        maxRef.merge(g, c, Math::max);
                    }
                });
            }
            long clipped = 0;
            for (Map.Entry<List<T>, Integer> e : counts.entrySet()) {
                clipped += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
            }
            matches[n - 1] += clipped;
            totals[n - 1] += Math.max(0, hypothesis.size() - n + 1);
        }
        hypothesisLength += hypothesis.size();
        referenceLength += closestLength(references, hypothesis.size());
        return this;
    }

    /** The reference length closest to {@code length}, the shorter of two equally close. */
    static int closestLength(List<? extends List<?>> references, int length) {
        int best = -1;
        for (List<?> r : references) {
            int d = Math.abs(r.size() - length);
            int bestD = Math.abs(best - length);
            if (best < 0 || d < bestD || (d == bestD && r.size() < best)) {
                best = r.size();
            }
        }
        return best;
    }

    private static <T> Map<List<T>, Integer> ngrams(List<T> tokens, int n) {
        Map<List<T>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return counts;
    }

    /** The brevity penalty for hypotheses of total length {@code c} against effective reference length {@code r}. */
    public static double brevityPenalty(long c, long r) {
        if (c > r) {
            return 1;
        }
        return c == 0 ? 0 : Math.exp(1 - (double) r / c);
    }

    /** The score of the corpus added so far. */
    public Score score() {
        double[] precisions = new double[maxOrder];
        double logSum = 0;
        boolean zero = matches[0] == 0;
        for (int n = 0; n < maxOrder; n++) {
            double m = matches[n];
            double t = totals[n];
            if (smoothing == Smoothing.ADD_ONE && n > 0) {
                m += 1;
                t += 1;
            } else if (smoothing == Smoothing.EPSILON && m == 0) {
                m = EPSILON;
                t = Math.max(1, t); // an order without n-grams (all hypotheses shorter than n) counts as one
            }
            precisions[n] = t == 0 ? 0 : m / t;
            if (precisions[n] == 0) {
                zero = true;
            } else {
                logSum += Math.log(precisions[n]) / maxOrder;
            }
        }
        double bp = brevityPenalty(hypothesisLength, referenceLength);
        double bleu = zero ? 0 : bp * Math.exp(logSum);
        return new Score(bleu, matches.clone(), totals.clone(), precisions, bp, hypothesisLength, referenceLength);
    }

    /** Corpus BLEU-4 without smoothing; {@code references.get(i)} are the references of {@code hypotheses.get(i)}. */
    public static <T> double corpus(List<? extends List<T>> hypotheses, List<? extends List<? extends List<T>>> references) {
        return corpus(hypotheses, references, 4, Smoothing.NONE).bleu();
    }

    public static <T> Score corpus(List<? extends List<T>> hypotheses, List<? extends List<? extends List<T>>> references,
                                   int maxOrder, Smoothing smoothing) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException("BLEU: expected one list of references per hypothesis, got "
                    + hypotheses.size() + " hypotheses and " + references.size() + " reference lists");
        }
        Bleu bleu = new Bleu(maxOrder, smoothing);
        for (int i = 0; i < hypotheses.size(); i++) {
            bleu.add(hypotheses.get(i), references.get(i));
        }
        return bleu.score();
    }

    /**
     * Token ids (e.g. a decoded sequence) up to, not including, the first of the {@code stop} ids (end of sequence,
     * padding), as a token list for {@link #add}.
     */
    public static List<Long> tokens(long[] ids, long... stop) {
        List<Long> out = new ArrayList<>();
        for (long id : ids) {
            for (long s : stop) {
                if (id == s) {
                    return out;
                }
            }
            out.add(id);
        }
        return out;
    }

    /** Sentence BLEU-4: the corpus score of one hypothesis; usually wants smoothing. */
    public static <T> double sentence(List<T> hypothesis, List<? extends List<T>> references, Smoothing smoothing) {
        return new Bleu(4, smoothing).add(hypothesis, references).score().bleu();
    }
}
